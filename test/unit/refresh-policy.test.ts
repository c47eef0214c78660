import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  isExpiring,
  leadTimeMs,
  refreshDueAt,
  refreshInMarginMs,
} from '../../app/refresh/policy';

const settings = { leadTimeMinutes: 5, leadTimeFraction: 0.2 };
const hour = { expiresOn: 10_000_000, expiresIn: 3600 };

describe('lead time', () => {
  it('is the larger of 5 minutes and 20% of the lifetime', () => {
    expect(leadTimeMs(hour, settings)).toBe(12 * 60_000);
    expect(leadTimeMs({ expiresOn: 0, expiresIn: 20 * 60 }, settings)).toBe(5 * 60_000);
  });

  it('is at most half the lifetime, so short tokens do not refresh continuously', () => {
    expect(leadTimeMs({ expiresOn: 0, expiresIn: 5 }, settings)).toBe(2_500);
    expect(leadTimeMs({ expiresOn: 0, expiresIn: 0 }, settings)).toBe(0);
  });

  it('puts the deadline before expiry, jittered by at most 10% of the lead (30 s cap)', () => {
    expect(refreshDueAt(hour, settings, () => 0)).toBe(hour.expiresOn - 12 * 60_000);
    expect(refreshDueAt(hour, settings, () => 0.999999)).toBeCloseTo(
      hour.expiresOn - 12 * 60_000 - 30_000,
      -1,
    );
    const short = { expiresOn: 1_000_000, expiresIn: 5 };
    expect(refreshDueAt(short, settings, () => 0.999999)).toBeCloseTo(1_000_000 - 2_500 - 250, -1);
  });

  it('calls a token expiring inside its lead time', () => {
    expect(isExpiring(hour, settings, hour.expiresOn - 13 * 60_000)).toBe(false);
    expect(isExpiring(hour, settings, hour.expiresOn - 11 * 60_000)).toBe(true);
  });
});

describe("the provider's refresh time (Entra's refresh_in)", () => {
  // An Entra token: 1 h lifetime, acquired at 6_400_000, refresh_in 30 min.
  const acquired = hour.expiresOn - 3600_000;
  const entra = { ...hour, refreshOn: acquired + 1800_000 };

  it('is used instead of the lead-time rule (which would say expiry - 12 min)', () => {
    expect(refreshDueAt(entra, settings, () => 0)).toBe(acquired + 1800_000);
    expect(refreshDueAt(hour, settings, () => 0)).toBe(hour.expiresOn - 12 * 60_000);
  });

  it('also when it is later than the lead-time rule would refresh', () => {
    const late = { ...hour, refreshOn: hour.expiresOn - 5 * 60_000 };
    expect(refreshDueAt(late, settings, () => 0)).toBe(hour.expiresOn - 5 * 60_000);
  });

  it('is never after expiry minus a margin (one minute, or a tenth of a short lifetime)', () => {
    expect(refreshInMarginMs(hour)).toBe(60_000);
    const atExpiry = { ...hour, refreshOn: hour.expiresOn };
    expect(refreshDueAt(atExpiry, settings, () => 0)).toBe(hour.expiresOn - 60_000);
    const past = { ...hour, refreshOn: hour.expiresOn + 3600_000 };
    expect(refreshDueAt(past, settings, () => 0)).toBe(hour.expiresOn - 60_000);
    const short = { expiresOn: 1_000_000, expiresIn: 5, refreshOn: 1_000_000 };
    expect(refreshInMarginMs(short)).toBe(500);
    expect(refreshDueAt(short, settings, () => 0)).toBe(1_000_000 - 500);
  });

  it('is jittered only earlier: 10% of the time left after it, at most 30 s', () => {
    expect(refreshDueAt(entra, settings, () => 0.999999)).toBeCloseTo(
      acquired + 1800_000 - 30_000,
      -1,
    );
    const short = { expiresOn: 1_000_000, expiresIn: 5, refreshOn: 1_000_000 - 3_000 };
    expect(refreshDueAt(short, settings, () => 0.999999)).toBeCloseTo(1_000_000 - 3_000 - 300, -1);
    for (const r of [0, 0.3, 0.7, 0.999])
      expect(refreshDueAt(entra, settings, () => r)).toBeLessThanOrEqual(entra.refreshOn);
  });

  it('a refresh time already past is due at once (the scheduler runs it now)', () => {
    const early = { ...hour, refreshOn: acquired - 1 };
    expect(refreshDueAt(early, settings, () => 0)).toBe(acquired - 1);
  });
});

describe('backoff', () => {
  it('doubles from 2 s with full jitter, capped at 5 minutes', () => {
    expect(backoffDelayMs(1, undefined, () => 0)).toBe(1_000);
    expect(backoffDelayMs(1, undefined, () => 1)).toBe(2_000);
    expect(backoffDelayMs(4, undefined, () => 1)).toBe(16_000);
    expect(backoffDelayMs(30, undefined, () => 1)).toBe(300_000);
  });

  it('waits exactly as long as Retry-After says', () => {
    expect(backoffDelayMs(1, 7, () => 0)).toBe(7_000);
    expect(backoffDelayMs(9, 0, () => 1)).toBe(0);
  });
});
