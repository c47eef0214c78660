import { useEffect } from 'react';
import type { Navigate } from '../navigation';
import { dismissToast, listenToNotifications, useToasts } from './store';
import { ToastCard } from './ToastCard';

/**
 * Where notices show in the window: the host's `app:notification` pushes (the browser host has no
 * desktop notifications) and the window's own. One polite live region that is always there, so
 * each new notice is read out once; Escape dismisses the newest when nothing else uses the key.
 */
export function Toasts({ navigate }: { navigate: Navigate }) {
  const toasts = useToasts();
  useEffect(() => listenToNotifications(), []);

  useEffect(() => {
    const newest = toasts.at(-1);
    if (!newest) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A dialog uses Escape to close itself; a text field to clear or cancel.
      if (document.querySelector('dialog[open]')) return;
      if (event.target instanceof Element && event.target.closest('input, textarea, select'))
        return;
      dismissToast(newest.id);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [toasts]);

  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastCard key={toast.id} toast={toast} navigate={navigate} />
      ))}
    </div>
  );
}
