import { useEffect, useId, useRef, useState } from 'react';
import { returnFocus } from '../components/focus';
import type { Navigate } from '../navigation';
import { dismissToast, type Toast } from './store';

/** How long a notice stays when nobody points at it or focuses it. */
export const TOAST_MS = 8_000;

/**
 * One notice: its title and words, "Open account" when it is about one, and a close button.
 * It hides itself after `TOAST_MS` unless the pointer is over it or focus is in it (then the time
 * starts again when they leave). Escape inside it dismisses it; focus then goes back to where it
 * was before it entered the notice.
 */
export function ToastCard({ toast, navigate }: { toast: Toast; navigate: Navigate }) {
  const [held, setHeld] = useState({ hover: false, focus: false });
  const cameFrom = useRef<Element | null>(null);
  const card = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const paused = held.hover || held.focus;

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => dismissToast(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [paused, toast.id]);

  const close = () => {
    const hadFocus = card.current?.contains(document.activeElement) ?? false;
    dismissToast(toast.id);
    if (hadFocus) returnFocus(cameFrom.current);
  };

  const open = () => {
    if (!toast.accountId) return;
    dismissToast(toast.id);
    navigate({ kind: 'accounts', accountId: toast.accountId });
  };

  return (
    <div
      ref={card}
      className="toast"
      role="group"
      aria-labelledby={titleId}
      onMouseEnter={() => setHeld((h) => ({ ...h, hover: true }))}
      onMouseLeave={() => setHeld((h) => ({ ...h, hover: false }))}
      onFocus={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null))
          cameFrom.current = event.relatedTarget;
        setHeld((h) => ({ ...h, focus: true }));
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null))
          setHeld((h) => ({ ...h, focus: false }));
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        close();
      }}
    >
      <p className="toast-title" id={titleId}>
        <strong>{toast.title}</strong>
      </p>
      <p className="toast-body">{toast.body}</p>
      <div className="button-row">
        {toast.accountId && (
          <button type="button" className="primary" onClick={open}>
            Open account
          </button>
        )}
        <button type="button" aria-label={`Dismiss: ${toast.title}`} onClick={close}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
