import { useEffect, useRef } from 'react';

/** Shown tokens hide again on their own after this long. */
const HIDE_AFTER_MS = 60_000;

interface RevealedTokenProps {
  token: string;
  label: string;
  onHide: () => void;
}

/** A revealed access token: read-only, selectable, and gone after a minute or on "Hide". */
export function RevealedToken({ token, label, onHide }: RevealedTokenProps) {
  const hide = useRef(onHide);
  useEffect(() => {
    hide.current = onHide;
  });
  useEffect(() => {
    const timer = setTimeout(() => hide.current(), HIDE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [token]);
  return (
    <div className="revealed">
      <textarea
        readOnly
        aria-label={label}
        value={token}
        rows={4}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="muted small">
        Anyone who sees this token can use it until it expires. It hides again in a minute.
      </p>
    </div>
  );
}
