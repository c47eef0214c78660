/**
 * When to refresh, and how long to wait after a failure. Pure functions of the token, the
 * settings and a random source, so the scheduler and its tests agree on every number.
 */

export interface LeadTimeSettings {
  leadTimeMinutes: number;
  leadTimeFraction: number;
}

/** The part of a token's life the policy looks at (UTC epoch ms and seconds). */
export interface TokenLifetime {
  expiresOn: number;
  expiresIn: number;
  /**
   * When the provider asked for a refresh (Entra's `refresh_in` after the token was acquired,
   * MSAL's `refreshOn`), on the same clock as `expiresOn`.
   */
  refreshOn?: number;
}

/** Share of the lead time used for jitter, so tokens due together spread out. */
const JITTER_SHARE = 0.1;
/** Jitter never exceeds this, so a long lead time does not make refreshes erratic. */
const MAX_JITTER_MS = 30_000;

/**
 * How long before expiry to refresh: the larger of `leadTimeMinutes` and `leadTimeFraction` of the
 * lifetime (DESIGN.md's refresh policy), but never more than half the lifetime, so a token that
 * lives less than twice the lead time (a 5-second test token, a 6-minute token) is refreshed
 * half-way through its life instead of continuously.
 */
export function leadTimeMs(token: TokenLifetime, settings: LeadTimeSettings): number {
  const lifetimeMs = Math.max(0, token.expiresIn * 1000);
  const lead = Math.max(settings.leadTimeMinutes * 60_000, settings.leadTimeFraction * lifetimeMs);
  return Math.min(lead, lifetimeMs / 2);
}

/** A `refresh_in` never puts the refresh later than this before expiry (10% of the lifetime at most). */
const REFRESH_IN_MARGIN_MS = 60_000;

/**
 * How long before expiry a provider-requested refresh time is at the latest: one minute, or a
 * tenth of the lifetime when that is shorter (a 5-second test token keeps half a second).
 */
export function refreshInMarginMs(token: TokenLifetime): number {
  return Math.min(REFRESH_IN_MARGIN_MS, Math.max(0, token.expiresIn * 1000) / 10);
}

/**
 * When the scheduler should refresh this token: expiry minus the lead time, minus a random jitter
 * of up to 10% of the lead time (at most 30 s). `random` returns [0, 1).
 *
 * When the provider said when to refresh (`refreshOn`, from Entra's `refresh_in`), that time is
 * used instead of the lead-time rule, but never later than expiry minus `refreshInMarginMs`; its
 * jitter only moves it earlier (up to 10% of the time left from then to expiry, 30 s at most), so
 * a refresh never comes after the time the provider asked for.
 */
export function refreshDueAt(
  token: TokenLifetime,
  settings: LeadTimeSettings,
  random: () => number = Math.random,
): number {
  if (token.refreshOn !== undefined && Number.isFinite(token.refreshOn)) {
    const due = Math.min(token.refreshOn, token.expiresOn - refreshInMarginMs(token));
    const jitter =
      Math.min(Math.max(0, token.expiresOn - due) * JITTER_SHARE, MAX_JITTER_MS) * random();
    return due - jitter;
  }
  const lead = leadTimeMs(token, settings);
  const jitter = Math.min(lead * JITTER_SHARE, MAX_JITTER_MS) * random();
  return token.expiresOn - lead - jitter;
}

/** True when the token is inside its lead time (the UI calls it "expiring"). */
export function isExpiring(token: TokenLifetime, settings: LeadTimeSettings, now: number): boolean {
  return now >= token.expiresOn - leadTimeMs(token, settings);
}

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait before retry number `attempt` (1, 2, …) after a transient failure: exponential backoff
 * with full jitter (between half and all of `2 s × 2^(attempt-1)`, capped at 5 minutes). When the
 * provider sent `Retry-After` (RFC 9110 §10.2.3), wait exactly that long, never less.
 */
export function backoffDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
