import { useEffect, useRef } from 'react';
import { localDateTime, localTime, relativeTime } from '../format/time';
import { onTick } from '../format/ticker';

/** A local time plus "in 4 min" / "3 min ago", kept current by the shared ticker (no re-render). */
export function RelativeTime({ at }: { at: number }) {
  const relativeRef = useRef<HTMLSpanElement>(null);
  useEffect(
    () =>
      onTick((now) => {
        const text = relativeTime(at, now);
        if (relativeRef.current && relativeRef.current.textContent !== text)
          relativeRef.current.textContent = text;
      }),
    [at],
  );
  return (
    <time dateTime={new Date(at).toISOString()} title={localDateTime(at)}>
      {localTime(at)} (<span ref={relativeRef} />)
    </time>
  );
}
