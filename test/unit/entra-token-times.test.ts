import { describe, expect, it } from 'vitest';
import type * as oidc from 'openid-client';
import { toTokenSet } from '../../app/flows/token-set';
import { accountShapeProblem } from '../../app/vault/account-shape';

const now = Date.UTC(2026, 10, 24, 10, 0, 0);
const context = { clock: { now: () => now }, requested: { scope: 'User.Read' }, issuer: 'x' };

/** A token response as openid-client hands it over (no ID token). */
const response = (fields: Record<string, unknown>) =>
  ({
    token_type: 'Bearer',
    access_token: 'opaque-access-token',
    claims: () => undefined,
    ...fields,
  }) as unknown as oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

describe("toTokenSet: Entra's ext_expires_in and refresh_in", () => {
  it('turns both into UTC epoch ms, from numbers or strings', () => {
    expect(
      toTokenSet(response({ expires_in: 3599, ext_expires_in: '7199', refresh_in: 1800 }), context),
    ).toMatchObject({
      expiresOn: now + 3599_000,
      extExpiresOn: now + 7199_000,
      refreshOn: now + 1800_000,
    });
    expect(toTokenSet(response({ expires_in: 3599, refresh_in: '1800' }), context).refreshOn).toBe(
      now + 1800_000,
    );
  });

  it('ignores a refresh_in that is not before expiry, and values that are not positive numbers', () => {
    const tokens = toTokenSet(response({ expires_in: 600, refresh_in: 600 }), context);
    expect(tokens.refreshOn).toBeUndefined();
    for (const bad of [0, -5, 'soon', '', null, true, {}]) {
      const t = toTokenSet(
        response({ expires_in: 600, ext_expires_in: bad, refresh_in: bad }),
        context,
      );
      expect(t.extExpiresOn, String(bad)).toBeUndefined();
      expect(t.refreshOn, String(bad)).toBeUndefined();
    }
  });
});

describe('stored token metadata: the shape check', () => {
  const record = (token: Record<string, unknown>) => ({
    id: 'a1',
    name: 'A',
    clientId: 'c',
    flow: 'client_credentials',
    signInMode: 'embedded',
    createdOn: 1,
    updatedOn: 1,
    authority: { kind: 'sandbox' },
    clientAuth: { kind: 'none' },
    targets: [
      {
        id: 't1',
        label: 'T',
        target: { kind: 'resource', resource: 'https://graph.microsoft.com' },
        token: {
          expiresOn: 2,
          expiresIn: 1,
          acquiredOn: 1,
          scope: '',
          hasRefreshToken: false,
          ...token,
        },
      },
    ],
  });

  it('accepts records without the new fields, and with them as numbers', () => {
    expect(accountShapeProblem(record({}))).toBeUndefined();
    expect(accountShapeProblem(record({ extExpiresOn: 5, refreshOn: 1.5 }))).toBeUndefined();
  });

  it('refuses them when they are not numbers', () => {
    expect(accountShapeProblem(record({ extExpiresOn: '5' }))).toMatch(/token/);
    expect(accountShapeProblem(record({ refreshOn: null }))).toMatch(/token/);
  });
});
