import { useCallback, useEffect, useState } from 'react';
import { listen } from '../api/client';

/**
 * Whether the quick switcher is open: Ctrl/Cmd+K opens it anywhere in the window (not over
 * another dialog), and so does the host's `app:open-switcher` push (the desktop app's global
 * shortcut, after it showed the window).
 */
export function useSwitcher(): { open: boolean; show: () => void; close: () => void } {
  const [open, setOpen] = useState(false);
  const show = useCallback(() => {
    if (!document.querySelector('dialog[open]')) setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey)) return;
      if (event.altKey || event.shiftKey) return;
      event.preventDefault();
      show();
    };
    document.addEventListener('keydown', onKeyDown);
    const stop = listen('app:open-switcher', show);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      stop();
    };
  }, [show]);

  return { open, show, close };
}
