import { describe, expect, it } from 'vitest';
import type { AccountState, AccountView, TargetView } from '../../app/contract/accounts';
import { errorWords, type ErrorInfo } from '../../app/contract/errors';
import {
  canCopy,
  canRetry,
  primaryTarget,
  signInOffer,
  targetStatus,
  usableUntil,
} from '../../app/contract/target-status';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MIN = 60_000;
const NETWORK: ErrorInfo = {
  code: 'network',
  message: 'Could not reach the provider (ECONNREFUSED).',
};
const REFUSED: ErrorInfo = {
  code: 'invalid_grant',
  message: 'invalid_grant: grant request is invalid',
  providerError: 'invalid_grant',
  providerErrorDescription: 'grant request is invalid',
};

function target(overrides: Partial<TargetView> = {}): TargetView {
  return {
    id: 't1',
    label: 'Graph',
    target: { kind: 'scopes', scopes: ['User.Read'] },
    state: 'valid',
    expiresOn: NOW + 59 * MIN,
    ...overrides,
  };
}

function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'a1',
    name: 'Contoso',
    flow: 'authorization_code',
    authorityLabel: 'Entra',
    authority: { kind: 'sandbox' },
    clientId: 'c',
    clientAuth: { kind: 'none' },
    signInMode: 'embedded',
    state: 'valid',
    hasRefreshToken: true,
    identity: { identityProvider: 'x', userId: 'ada@contoso.test' },
    targets: [target()],
    ...overrides,
  };
}

describe('targetStatus', () => {
  it('offline with a cached token: the retry time, and the token usable until it expires', () => {
    const status = targetStatus(
      target({ state: 'offline', nextRefreshOn: NOW + 40_000, lastError: NETWORK }),
      NOW,
    );
    expect(status).toEqual({
      kind: 'offline',
      retryOn: NOW + 40_000,
      usableUntil: NOW + 59 * MIN,
      error: NETWORK,
    });
    expect(usableUntil(status)).toBe(NOW + 59 * MIN);
  });

  it('offline after the cached token expired: nothing usable, still retrying', () => {
    const status = targetStatus(
      target({ state: 'offline', expiresOn: NOW - MIN, nextRefreshOn: NOW + 40_000 }),
      NOW,
    );
    expect(status).toEqual({ kind: 'offline', retryOn: NOW + 40_000 });
    expect(usableUntil(status)).toBeUndefined();
  });

  it('needs sign-in or failed: a cached token is never offered ("59 min left" is a lie)', () => {
    for (const state of ['needs-sign-in', 'error'] as const) {
      const status = targetStatus(target({ state, lastError: REFUSED }), NOW);
      expect(usableUntil(status)).toBeUndefined();
      expect(canCopy(account({ state }), target({ state }), NOW)).toBe(false);
    }
    expect(targetStatus(target({ state: 'error', lastError: REFUSED }), NOW).kind).toBe('failed');
  });

  it('error with a retry scheduled is a transient failure with no token left, not "failed"', () => {
    const status = targetStatus(
      target({ state: 'error', expiresOn: NOW - MIN, nextRefreshOn: NOW + 8_000 }),
      NOW,
    );
    expect(status).toEqual({ kind: 'retrying', retryOn: NOW + 8_000 });
  });

  it('valid, expiring and expired tokens; signed out without one', () => {
    expect(targetStatus(target(), NOW)).toEqual({
      kind: 'valid',
      expiresOn: NOW + 59 * MIN,
      expiring: false,
    });
    expect(targetStatus(target({ state: 'expiring' }), NOW)).toMatchObject({ expiring: true });
    expect(targetStatus(target({ expiresOn: NOW - 1 }), NOW)).toMatchObject({ expiring: true });
    const signedOut = target({ state: 'signed-out' });
    delete signedOut.expiresOn;
    expect(targetStatus(signedOut, NOW)).toEqual({ kind: 'no-token' });
  });
});

describe('canCopy and canRetry', () => {
  it('app flows acquire on demand; a person’s flow needs a usable token', () => {
    const none = target({ state: 'signed-out' });
    delete none.expiresOn;
    expect(canCopy(account({ flow: 'client_credentials' }), none, NOW)).toBe(true);
    expect(canCopy(account(), none, NOW)).toBe(false);
    expect(canRetry(account({ flow: 'client_credentials' }), none, NOW)).toBe(true);
    expect(canRetry(account(), none, NOW)).toBe(false);
  });

  it('offline: copy the cached token, retry with the refresh token; never retry a refusal', () => {
    const offline = target({ state: 'offline', nextRefreshOn: NOW + 40_000 });
    expect(canCopy(account({ state: 'offline' }), offline, NOW)).toBe(true);
    expect(canRetry(account({ state: 'offline' }), offline, NOW)).toBe(true);
    expect(canRetry(account(), target({ state: 'needs-sign-in' }), NOW)).toBe(false);
    expect(canRetry(account(), target({ state: 'storage-locked' }), NOW)).toBe(false);
  });
});

describe('signInOffer', () => {
  it.each<[AccountState, string]>([
    ['needs-sign-in', 'sign-in-again primary'],
    ['valid', 'sign-in-again secondary'],
    ['expiring', 'sign-in-again secondary'],
    ['offline', 'none'],
    ['retrying', 'none'],
    ['refreshing', 'none'],
    ['signing-in', 'none'],
    ['storage-locked', 'none'],
  ])('%s: %s', (state, expected) => {
    const offer = signInOffer(account({ state }));
    expect(
      offer.kind === 'none' ? 'none' : `${offer.kind} ${offer.primary ? 'primary' : 'secondary'}`,
    ).toBe(expected);
  });

  it('signed out: "Sign in" first time, "Sign in again" once someone signed in', () => {
    const never = account({ state: 'signed-out' });
    delete never.identity;
    expect(signInOffer(never)).toEqual({
      kind: 'sign-in',
      primary: true,
    });
    expect(signInOffer(account({ state: 'signed-out' }))).toEqual({
      kind: 'sign-in-again',
      primary: true,
    });
  });

  it('error: a person’s set-up failure may be fixed by signing in; transient or app flows not', () => {
    const failed = target({ state: 'error', lastError: REFUSED });
    const transient = target({ state: 'error', nextRefreshOn: NOW + 8_000 });
    expect(signInOffer(account({ state: 'error', targets: [failed] }))).toEqual({
      kind: 'sign-in-again',
      primary: false,
    });
    expect(signInOffer(account({ state: 'error', targets: [transient] }))).toEqual({
      kind: 'none',
    });
    expect(
      signInOffer(account({ state: 'error', flow: 'client_credentials', targets: [failed] })),
    ).toEqual({ kind: 'none' });
  });
});

describe('primaryTarget', () => {
  it('the first target that offers a token, else the first', () => {
    const dead = target({ id: 'dead', state: 'needs-sign-in' });
    const good = target({ id: 'good' });
    expect(primaryTarget(account({ targets: [dead, good] }), NOW)?.id).toBe('good');
    expect(primaryTarget(account({ targets: [dead] }), NOW)?.id).toBe('dead');
    expect(primaryTarget(account({ targets: [] }), NOW)).toBeUndefined();
  });
});

describe('errorWords', () => {
  it('leaves out the engine’s message when it only repeats the provider', () => {
    expect(errorWords(REFUSED)).toEqual({
      providerError: 'invalid_grant',
      providerDescription: 'grant request is invalid',
    });
    expect(
      errorWords({
        code: 'server_error',
        message: 'The provider answered "server_error".',
        providerError: 'server_error',
      }),
    ).toEqual({ providerError: 'server_error' });
  });

  it('keeps a message that says more than the provider did', () => {
    const info: ErrorInfo = {
      code: 'invalid_client',
      message: 'The provider refused the client (HTTP 401 with a JSON body).',
      providerError: 'invalid_client',
      providerErrorDescription: 'client authentication failed',
    };
    expect(errorWords(info)).toEqual({
      message: info.message,
      providerError: 'invalid_client',
      providerDescription: 'client authentication failed',
    });
    expect(errorWords(NETWORK)).toEqual({ message: NETWORK.message });
  });

  it('a multi-line description: the message repeats its first line only', () => {
    expect(
      errorWords({
        code: 'invalid_grant',
        message: 'invalid_grant: AADSTS70008: The refresh token has expired.',
        providerError: 'invalid_grant',
        providerErrorDescription:
          'AADSTS70008: The refresh token has expired.\r\nTrace ID: 1\r\nCorrelation ID: 2',
      }),
    ).not.toHaveProperty('message');
  });
});
