import { useEffect, useId, useRef, type ReactNode } from 'react';
import { returnFocus } from './focus';

interface DialogProps {
  title: string;
  /** Extra class names (the quick switcher's layout). */
  className?: string;
  /** Called when the person closes it (Escape, Cancel). */
  onClose: () => void;
  children: ReactNode;
  tone?: 'normal' | 'danger';
}

/**
 * A modal dialog (native `<dialog>`: focus kept inside, Escape closes). Focus returns to where it
 * was, or near it when that control is gone or disabled (`returnFocus`). The control marked
 * `data-autofocus` gets the focus first.
 */
export function Dialog({ title, onClose, children, tone = 'normal', className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first control; a dialog may name a safer one (Cancel, a field).
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      returnFocus(opener);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
