import { useEffect, useRef } from 'react';
import { duration } from '../format/time';
import { onTick } from '../format/ticker';

interface CountdownProps {
  /** When it ends (epoch ms). */
  until: number;
  /** When it started (epoch ms): with it, a bar shows the share left. */
  from?: number;
  /** What the bar measures, for screen readers. */
  label: string;
  /** Text once it has ended. */
  endedText?: string;
  /** After the time left: " left" unless told otherwise. */
  suffix?: string;
}

/**
 * Time left as text and, with `from`, a bar. Updated by the shared ticker writing into its own
 * nodes: a tick costs two DOM writes and no React render.
 */
export function Countdown({
  until,
  from,
  label,
  endedText = 'expired',
  suffix = ' left',
}: CountdownProps) {
  const textRef = useRef<HTMLSpanElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const fillRef = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      onTick((now) => {
        const left = until - now;
        const text = left > 0 ? `${duration(left)}${suffix}` : endedText;
        if (textRef.current && textRef.current.textContent !== text)
          textRef.current.textContent = text;
        if (from !== undefined && barRef.current && fillRef.current) {
          const share = Math.min(1, Math.max(0, left / Math.max(1, until - from)));
          const percent = Math.round(share * 100);
          fillRef.current.style.width = `${share * 100}%`;
          barRef.current.setAttribute('aria-valuenow', String(percent));
          barRef.current.setAttribute('aria-valuetext', text);
          barRef.current.dataset.level = share > 0.25 ? 'ok' : share > 0 ? 'low' : 'none';
        }
      }),
    [until, from, endedText, suffix],
  );

  return (
    <span className="countdown">
      <span ref={textRef} className="countdown-text" role="timer" aria-label={label} />
      {from !== undefined && (
        <div
          ref={barRef}
          className="countdown-bar"
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div ref={fillRef} className="countdown-fill" />
        </div>
      )}
    </span>
  );
}
