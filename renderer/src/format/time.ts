const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** "in 4 min" / "3 min ago" for an epoch-ms time, relative to `now` (epoch ms). */
export function relativeTime(epochMs: number, now: number): string {
  const deltaSeconds = Math.round((epochMs - now) / 1000);
  const abs = Math.abs(deltaSeconds);
  if (abs < 60) return relative.format(deltaSeconds, 'second');
  if (abs < 3600) return relative.format(Math.round(deltaSeconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(deltaSeconds / 3600), 'hour');
  return relative.format(Math.round(deltaSeconds / 86400), 'day');
}

/** A local date and time. */
export function localDateTime(epochMs: number): string {
  return dateTime.format(epochMs);
}

/** A local time of day, with the date when it is not today. */
export function localTime(epochMs: number, now = Date.now()): string {
  const sameDay = new Date(epochMs).toDateString() === new Date(now).toDateString();
  return sameDay ? timeOnly.format(epochMs) : dateTime.format(epochMs);
}

/** "1 h 02 min", "4 min 05 s", "42 s": a duration for people. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** The JWT claims that hold NumericDate times (RFC 7519 §2, §4.1), plus OpenID Connect's. */
export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

/**
 * A time claim as epoch ms: NumericDate seconds from a raw token, or the ISO string the engine's
 * decoder sends. Undefined when it is neither.
 */
export function claimTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
