import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../app/flows/refresh';
import { signInWithPassword } from '../../app/flows/password';
import { apiTarget, nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { failure } from '../support/failure';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 5 });
});
afterAll(async () => {
  await f?.close();
});

async function signIn(userIndex = 0) {
  const user = f.sandbox.users[userIndex]!;
  const connection = await f.connectClient(nativeClient(f.sandbox));
  const tokens = await signInWithPassword(connection, {
    target: apiTarget(f.sandbox),
    username: user.username,
    password: user.password,
  });
  return { connection, tokens };
}

describe('refresh token (RFC 6749 §6)', () => {
  it('issues 5-second tokens when told to', async () => {
    const { tokens } = await signIn();
    const claims = decodeJwt(tokens.accessToken);
    expect(claims.exp! - claims.iat!).toBe(5);
    expect(tokens.expiresIn).toBe(5);
  });

  it('rotates: the new refresh token works, the old one is refused with invalid_grant', async () => {
    const { connection, tokens } = await signIn();
    const refreshed = await refreshTokens(connection, {
      target: apiTarget(f.sandbox),
      refreshToken: tokens.refreshToken!,
    });
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(decodeJwt(refreshed.accessToken)).toMatchObject({
      sub: f.sandbox.users[0]!.sub,
      aud: f.sandbox.resources.api.identifier,
    });
    expect(refreshed.account.userId).toBe(f.sandbox.users[0]!.username);

    const reuse = await failure(
      refreshTokens(connection, {
        target: apiTarget(f.sandbox),
        refreshToken: tokens.refreshToken!,
      }),
    );
    expect(reuse?.code).toBe('invalid_grant');
  });

  it('gives a valid token again after the old one expired', async () => {
    const { connection, tokens } = await signIn();
    await new Promise((r) => setTimeout(r, 5_500));
    expect(Date.now()).toBeGreaterThan(tokens.expiresOn);
    const refreshed = await refreshTokens(connection, {
      target: apiTarget(f.sandbox),
      refreshToken: tokens.refreshToken!,
    });
    expect(refreshed.expiresOn).toBeGreaterThan(Date.now());
  });

  it("says invalid_grant once an admin revoked the user's grants", async () => {
    const { connection, tokens } = await signIn(1);
    await f.sandbox.revokeUserGrants(f.sandbox.users[1]!.username);
    const error = await failure(
      refreshTokens(connection, {
        target: apiTarget(f.sandbox),
        refreshToken: tokens.refreshToken!,
      }),
    );
    expect(error?.code).toBe('invalid_grant');
    expect(error?.hint).toMatch(/Sign in again/);
  });
});
