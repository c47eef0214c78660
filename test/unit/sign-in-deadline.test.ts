import { describe, expect, it } from 'vitest';
import {
  nextRefreshTokenLife,
  remindedAlready,
  reminderDue,
  signInDeadline,
} from '../../app/contract/sign-in-deadline';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 1);

describe('when a sign-in will be needed', () => {
  it('is the provider’s end of the refresh token where it said one', () => {
    const life = nextRefreshTokenLife(undefined, {
      newRefreshToken: true,
      expiresOn: T0 + 7 * DAY,
      signIn: true,
      at: T0,
    });
    expect(signInDeadline(life, { entra: false })).toEqual({
      at: T0 + 7 * DAY,
      reason: 'provider',
    });
  });

  it('for Entra ID, 90 days after the last use, unless the provider said earlier', () => {
    const used = nextRefreshTokenLife(undefined, { newRefreshToken: true, signIn: true, at: T0 });
    expect(signInDeadline(used, { entra: true })).toEqual({
      at: T0 + 90 * DAY,
      reason: 'inactivity',
    });
    const spa = { ...used, expiresOn: T0 + DAY };
    expect(signInDeadline(spa, { entra: true })).toEqual({ at: T0 + DAY, reason: 'provider' });
    // A later use moves the inactivity window on.
    const later = nextRefreshTokenLife(used, {
      newRefreshToken: true,
      signIn: false,
      at: T0 + 30 * DAY,
    });
    expect(signInDeadline(later, { entra: true })?.at).toBe(T0 + 120 * DAY);
  });

  it('is unknown where nothing is known: no date is made up', () => {
    const life = nextRefreshTokenLife(undefined, { newRefreshToken: true, signIn: true, at: T0 });
    expect(signInDeadline(life, { entra: false })).toBeUndefined();
    expect(signInDeadline(undefined, { entra: true })).toBeUndefined();
  });

  it('keeps a refresh token’s end when the provider returns the same one, and says it stopped rotating', () => {
    const first = nextRefreshTokenLife(undefined, {
      newRefreshToken: true,
      expiresOn: T0 + 10 * DAY,
      signIn: true,
      at: T0,
    });
    const same = nextRefreshTokenLife(first, {
      newRefreshToken: false,
      signIn: false,
      at: T0 + DAY,
    });
    expect(same).toMatchObject({ issuedOn: T0, expiresOn: T0 + 10 * DAY, lastUsedOn: T0 + DAY });
    expect(same.rotates).toBe(false);
    expect(same.lastSignInOn).toBe(T0);
    const rotated = nextRefreshTokenLife(same, {
      newRefreshToken: true,
      expiresOn: T0 + 12 * DAY,
      signIn: false,
      at: T0 + 2 * DAY,
    });
    expect(rotated).toMatchObject({
      issuedOn: T0 + 2 * DAY,
      expiresOn: T0 + 12 * DAY,
      rotates: true,
    });
  });

  it('reminds the configured days before, once per deadline (a second off is the same one)', () => {
    const deadline = { at: T0 + 5 * DAY, reason: 'provider' as const };
    expect(reminderDue(deadline, 2)).toBe(T0 + 3 * DAY);
    expect(reminderDue(deadline, 0)).toBeUndefined();
    expect(reminderDue(undefined, 2)).toBeUndefined();
    const life = { issuedOn: T0, lastUsedOn: T0, remindedFor: deadline.at };
    expect(remindedAlready(life, deadline)).toBe(true);
    expect(remindedAlready(life, { ...deadline, at: deadline.at - 1_000 })).toBe(true);
    expect(remindedAlready(life, { ...deadline, at: deadline.at + 3 * DAY })).toBe(false);
    expect(remindedAlready({ issuedOn: T0, lastUsedOn: T0 }, deadline)).toBe(false);
  });
});
