import type { Clock } from '../ports';

/**
 * The provider's clock, as learned from the `Date` header of its responses (RFC 9110 §6.6.1):
 * client assertions must carry the provider's idea of now (RFC 7523 §3 items 4–6), not this
 * computer's, which may be minutes off.
 *
 * - https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1 (Date)
 * - https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7 (HTTP-date formats)
 * - https://www.rfc-editor.org/rfc/rfc9111#section-5.1 (Age)
 * - https://www.rfc-editor.org/rfc/rfc7523#section-3 (assertion `exp`, `nbf`, `iat`)
 */

/**
 * Differences smaller than this are not skew: `Date` has one-second resolution and is stamped
 * before the response travels, so a perfectly synchronised provider already looks up to a second
 * or two behind. Providers tolerate far more (oidc-provider 15 s, Entra ID 5 min).
 */
export const SKEW_THRESHOLD_MS = 5_000;

const DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const LONG_DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';
/** The format senders must use, IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(
  `^(?:${DAYS}), (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`,
);
/** Obsolete RFC 850 format, which recipients must still accept: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(
  `^(?:${LONG_DAYS}), (?<day>\\d{2})-${MONTH}-(?<year2>\\d{2}) ${TIME} GMT$`,
);
/** Obsolete ANSI C asctime() format, in UTC: `Sun Nov  6 08:49:37 1994`. */
const ASCTIME_DATE = new RegExp(
  `^(?:${DAYS}) ${MONTH} (?<day> \\d|\\d{2}) ${TIME} (?<year>\\d{4})$`,
);

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) into epoch milliseconds: IMF-fixdate, and the obsolete
 * RFC 850 and asctime formats recipients must accept. A two-digit RFC 850 year that would be more
 * than 50 years after `reference` (epoch ms) is read as the most recent such year in the past.
 * Anything else, and impossible dates (`31 Feb`), give `undefined`. `Date.parse` is not used: it
 * accepts much more and reads asctime as local time.
 */
export function parseHttpDate(
  value: string | null | undefined,
  reference: number,
): number | undefined {
  const text = value?.trim() ?? '';
  const parts = (IMF_FIXDATE.exec(text) ?? RFC850_DATE.exec(text) ?? ASCTIME_DATE.exec(text))
    ?.groups;
  if (!parts) return undefined;
  let year = Number(parts.year);
  if (parts.year2 !== undefined) {
    const referenceYear = new Date(reference).getUTCFullYear();
    year = Math.floor(referenceYear / 100) * 100 + Number(parts.year2);
    if (year > referenceYear + 50) year -= 100;
  }
  const month = MONTHS.indexOf(parts.month!);
  const day = Number(parts.day!.trim());
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  // The grammar allows second 60 (a leap second); it carries into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // setUTCFullYear, not Date.UTC, which would read years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  return date.setUTCHours(hour, minute, second);
}

/** `Age` (RFC 9111 §5.1): seconds a cache has held the response; 0 when absent or invalid. */
export function parseAge(value: string | null | undefined): number {
  const text = value?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : 0;
}

/**
 * How far the provider's clock is ahead of the local one (negative: behind), in milliseconds, as
 * one response shows it: its `Date` plus its `Age` (a cached response's `Date` is that of the
 * origin's original response, RFC 9111 §4.2.3), minus the local time it arrived. `undefined`
 * when the response has no valid `Date`.
 */
export function observedOffset(headers: Headers, receivedAt: number): number | undefined {
  const date = parseHttpDate(headers.get('date'), receivedAt);
  if (date === undefined) return undefined;
  return date + parseAge(headers.get('age')) * 1000 - receivedAt;
}

/** Whether a clock difference is real skew rather than `Date`'s resolution and network delay. */
export function isSkew(differenceMs: number, thresholdMs = SKEW_THRESHOLD_MS): boolean {
  return Math.abs(differenceMs) >= thresholdMs;
}

/**
 * The offset to use after an observation: the latest observed one when it differs from the current
 * one by real skew (then 0 if the observation itself is within the threshold, so a fixed local
 * clock goes back to no correction); otherwise the current one, so noise does not move it.
 */
export function nextOffset(currentMs: number, observedMs: number): number {
  if (!isSkew(observedMs - currentMs)) return currentMs;
  return isSkew(observedMs) ? observedMs : 0;
}

/** The provider's time: the local clock plus the offset learned from the provider's responses. */
export interface ProviderClock extends Clock {
  /** Provider time minus local time, in milliseconds; 0 until skew is seen. */
  readonly offsetMs: number;
  /** The local clock it corrects. */
  readonly local: Clock;
  /**
   * Learns from one response of the provider (its headers, as they arrived now) and returns the
   * offset that response showed, or `undefined` when it had no valid `Date`.
   */
  observe(headers: Headers): number | undefined;
}

/** A provider clock over `local`, with no offset until `observe` sees skew. */
export function createProviderClock(local: Clock): ProviderClock {
  let offsetMs = 0;
  return {
    local,
    get offsetMs() {
      return offsetMs;
    },
    now: () => local.now() + offsetMs,
    observe(headers) {
      const observed = observedOffset(headers, local.now());
      if (observed !== undefined) offsetMs = nextOffset(offsetMs, observed);
      return observed;
    },
  };
}
