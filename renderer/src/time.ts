/** "in 4 min" / "3 min ago" for an epoch-seconds time, relative to `now` (epoch ms). */
export function relativeTime(epochSeconds: number, now: number): string {
  const deltaSeconds = Math.round(epochSeconds - now / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(deltaSeconds);
  if (abs < 60) return format.format(deltaSeconds, 'second');
  if (abs < 3600) return format.format(Math.round(deltaSeconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(deltaSeconds / 3600), 'hour');
  return format.format(Math.round(deltaSeconds / 86400), 'day');
}

/** The JWT claims that hold NumericDate times (RFC 7519 §2, §4.1). */
export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);
