import { useEffect } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { hasTextSelection, isCopyShortcut } from './copy-primary';
import { useCopyPrimary } from './useCopyPrimary';

/**
 * Ctrl/Cmd+C anywhere in the window copies the shown account's primary token (Shift: as a header)
 * when no text is selected and the focus is not in a field or a dialog: where there is text to
 * copy, Ctrl+C copies the text, as everywhere. The accounts list handles its own keys first.
 */
export function useCopyShortcut(account: AccountView | undefined): void {
  const copyPrimary = useCopyPrimary();
  useEffect(() => {
    if (!account) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !isCopyShortcut(event) || hasTextSelection()) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable], dialog')) return;
      event.preventDefault();
      void copyPrimary(account, event.shiftKey ? 'header' : 'raw');
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [account, copyPrimary]);
}
