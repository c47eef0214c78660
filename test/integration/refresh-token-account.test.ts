import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { REFRESH_TOKEN_REFUSED } from '../../app/contract/flow-rules';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { startSandbox, type SandboxProvider } from '../../app/sandbox';
import { startHarness, type Harness } from '../support/engine-harness';
import {
  expectPage,
  expectRedirect,
  PlainHttpBrowser,
  signInAndConsent,
} from '../support/sandbox-browser';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

/**
 * Item 12: an account added from a refresh token the person already holds. The tokens are real:
 * obtained from the sandbox through openid-client directly (a password or authorization code
 * sign-in that TokenDock takes no part in), then pasted into the engine.
 */

const insecure = { execute: [client.allowInsecureRequests] };
const USER_SCOPE = 'openid profile offline_access api.read api.write';

let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 60 });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

/** A refresh token of the sandbox's public native client, from a password grant. */
async function nativeRefreshToken(sandbox: SandboxProvider, user = 0): Promise<string> {
  const config = await client.discovery(
    new URL(sandbox.issuer),
    sandbox.clients.native.clientId,
    {},
    client.None(),
    insecure,
  );
  const person = sandbox.users[user]!;
  const tokens = await client.genericGrantRequest(config, 'password', {
    username: person.username,
    password: person.password,
    scope: USER_SCOPE,
  });
  expect(tokens.refresh_token).toBeTruthy();
  return tokens.refresh_token!;
}

/** A refresh token of the confidential web client, from an authorization code sign-in. */
async function webRefreshToken(sandbox: SandboxProvider): Promise<string> {
  const web = sandbox.clients.web;
  const config = await client.discovery(
    new URL(sandbox.issuer),
    web.clientId,
    {},
    client.ClientSecretBasic(web.clientSecret),
    insecure,
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const redirectUri = 'http://127.0.0.1:49153/callback';
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: USER_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  const browser = new PlainHttpBrowser(sandbox.issuer);
  const loginPage = expectPage(await browser.open(url));
  const person = sandbox.users[0]!;
  const callback = expectRedirect(
    await signInAndConsent(browser, loginPage, {
      username: person.username,
      password: person.password,
      consent: 'Allow',
    }),
  );
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    idTokenExpected: true,
  });
  expect(tokens.refresh_token).toBeTruthy();
  return tokens.refresh_token!;
}

const api = (sandbox: SandboxProvider, scopes: string[]) =>
  ({ kind: 'resource', resource: sandbox.resources.api.identifier, scopes }) as const;

/** A person's account of the native client, started from `refreshToken`, with two targets. */
function nativeInput(sandbox: SandboxProvider, refreshToken: string): AccountInput {
  return {
    name: 'Ada (pasted refresh token)',
    authority: { kind: 'sandbox' },
    flow: 'authorization_code',
    signInMode: 'system-browser',
    clientId: sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    refreshToken,
    targets: [
      { label: 'API read', target: api(sandbox, ['api.read']) },
      { label: 'API write', target: api(sandbox, ['api.write']) },
    ],
  };
}

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenDockError);
  return error as TokenDockError;
};

/** The account files in the harness's vault folder. */
async function accountFiles(harness: Harness): Promise<string[]> {
  return readdir(join(harness.directory, 'store', 'accounts')).catch(() => []);
}

/** Nothing of a refused token anywhere: no account, no file, no log line, no word of it. */
async function expectNothingSaved(harness: Harness, token: string, error: TokenDockError) {
  expect(harness.engine.listAccounts()).toEqual([]);
  expect(await accountFiles(harness)).toEqual([]);
  expect(await harness.fileContents()).not.toContain(token);
  expect(harness.logLines.join('\n')).not.toContain(token);
  expect(JSON.stringify(harness.engine.activity())).not.toContain(token);
  expect(JSON.stringify(error.toInfo())).not.toContain(token);
}

describe('an account added from a refresh token', () => {
  it('signs in at once (public client), gets its other targets from it, and rotates it', async () => {
    h = await startHarness(f);
    const pasted = await nativeRefreshToken(f.sandbox);
    const ada = f.sandbox.users[0]!;
    const before = f.sandbox.tokenRequests.length;

    const account = await h.engine.addAccount(nativeInput(f.sandbox, pasted));

    // Redeemed at once with the refresh token grant (RFC 6749 §6), no person asked.
    const grants = f.sandbox.tokenRequests.slice(before).map((r) => r.grantType);
    expect(grants[0]).toBe('refresh_token');
    expect(grants.every((g) => g === 'refresh_token')).toBe(true);
    expect(account.state).toBe('valid');
    expect(account.hasRefreshToken).toBe(true);
    expect(account.targets.map((t) => t.state)).toEqual(['valid', 'valid']);
    // Who: from the ID token the refresh returned (name and user id).
    expect(account.identity).toMatchObject({ userId: ada.username, name: 'Ada Lovelace' });
    const read = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeJwt(read.accessToken)).toMatchObject({ sub: ada.sub });
    const write = await h.engine.getToken(account.id, account.targets[1]!.id);
    expect(String(decodeJwt(write.accessToken).scope)).toContain('api.write');

    // One account file (what the refusal tests find none of).
    expect(await accountFiles(h)).toHaveLength(1);
    // The sandbox rotates: the pasted token is spent, and only its successor is on disk.
    const files = await h.fileContents();
    expect(files).not.toContain(pasted);
    expect(h.logLines.join('\n')).not.toContain(pasted);
    const reuse = await rejection(
      h.engine.addAccount({ ...nativeInput(f.sandbox, pasted), name: 'Again' }),
    );
    expect(reuse.code).toBe('invalid_grant');
    expect(h.engine.listAccounts()).toHaveLength(1);
    expect(
      h.engine.activity().some((e) => e.kind === 'signed-in' && e.accountId === account.id),
    ).toBe(true);
  });

  it('survives a restart and keeps itself fresh like any other account', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(
      nativeInput(f.sandbox, await nativeRefreshToken(f.sandbox)),
    );
    const first = account.targets[0]!.id;
    const { accessToken } = await h.engine.getToken(account.id, first);
    const rotations = h.wire.issued.filter((i) => i.grantType === 'refresh_token').length;

    h = await h.reopen();
    const restored = h.engine.getAccount(account.id);
    expect(restored.state).toBe('valid');
    expect(restored.hasRefreshToken).toBe(true);
    expect((await h.engine.getToken(account.id, first)).accessToken).toBe(accessToken);

    // A refresh after the restart spends the stored (rotated) token and stores the next one.
    await h.engine.refreshNow(account.id, first);
    const issued = h.wire.issued.filter((i) => i.grantType === 'refresh_token');
    expect(issued.length).toBe(rotations + 1);
    const newest = issued.at(-1)!.refreshToken!;
    expect(newest).toBeTruthy();
    expect(await h.fileContents()).not.toContain(issued.at(-2)!.refreshToken!);
    const refreshed = await h.engine.getToken(account.id, first);
    expect(refreshed.accessToken).not.toBe(accessToken);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  });

  it('works for a confidential client (client secret)', async () => {
    h = await startHarness(f);
    const web = f.sandbox.clients.web;
    const pasted = await webRefreshToken(f.sandbox);
    const account = await h.engine.addAccount({
      ...nativeInput(f.sandbox, pasted),
      name: 'Web app (pasted refresh token)',
      clientId: web.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_basic' },
      clientSecret: web.clientSecret,
      targets: [{ label: 'API', target: api(f.sandbox, ['api.read']) }],
    });
    expect(account.state).toBe('valid');
    expect(account.identity?.userId).toBe(f.sandbox.users[0]!.username);
    expect(await h.fileContents()).not.toContain(pasted);
  });
});

describe('a refresh token the provider refuses saves nothing', () => {
  it('revoked: invalid_grant at the refresh token field', async () => {
    h = await startHarness(f);
    const token = await nativeRefreshToken(f.sandbox, 1);
    await f.sandbox.revokeUserGrants(f.sandbox.users[1]!.username);
    const error = await rejection(h.engine.addAccount(nativeInput(f.sandbox, token)));
    expect(error.code).toBe('invalid_grant');
    expect(error.message).toBe(REFRESH_TOKEN_REFUSED);
    expect(error.fields).toEqual({ refreshToken: REFRESH_TOKEN_REFUSED });
    await expectNothingSaved(h, token, error);
  });

  it('foreign (another client): invalid_grant, and the client secret is not stored', async () => {
    h = await startHarness(f);
    const web = f.sandbox.clients.web;
    const token = await nativeRefreshToken(f.sandbox);
    const error = await rejection(
      h.engine.addAccount({
        ...nativeInput(f.sandbox, token),
        clientId: web.clientId,
        clientAuth: { kind: 'secret', method: 'client_secret_basic' },
        clientSecret: web.clientSecret,
      }),
    );
    expect(error.code).toBe('invalid_grant');
    expect(error.fields).toEqual({ refreshToken: REFRESH_TOKEN_REFUSED });
    await expectNothingSaved(h, token, error);
    expect(await h.fileContents()).not.toContain(web.clientSecret);
  });

  it('foreign (another provider) and expired: invalid_grant, nothing saved', async () => {
    const other = await startSandbox({ refreshTokenTtlSeconds: 1 });
    try {
      h = await startHarness(f);
      const fromElsewhere = await nativeRefreshToken(other);
      const foreign = await rejection(h.engine.addAccount(nativeInput(f.sandbox, fromElsewhere)));
      expect(foreign.code).toBe('invalid_grant');
      expect(foreign.fields).toEqual({ refreshToken: REFRESH_TOKEN_REFUSED });
      await expectNothingSaved(h, fromElsewhere, foreign);

      // Expired: the other sandbox's refresh tokens live one second.
      await h.close();
      h = await startHarness({ ...f, sandbox: other });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const expired = await rejection(h.engine.addAccount(nativeInput(other, fromElsewhere)));
      expect(expired.code).toBe('invalid_grant');
      expect(expired.fields).toEqual({ refreshToken: REFRESH_TOKEN_REFUSED });
      await expectNothingSaved(h, fromElsewhere, expired);
    } finally {
      await other.close();
    }
  });

  it('is refused for an app-only flow, and a malformed paste is never sent', async () => {
    h = await startHarness(f);
    const before = f.sandbox.tokenRequests.length;
    const daemon = f.sandbox.clients.daemon;
    const appOnly = await rejection(
      h.engine.addAccount({
        ...nativeInput(f.sandbox, 'a-refresh-token-value'),
        flow: 'client_credentials',
        clientId: daemon.clientId,
        clientAuth: { kind: 'secret', method: 'client_secret_basic' },
        clientSecret: daemon.clientSecret,
      }),
    );
    expect(appOnly.code).toBe('invalid_configuration');
    expect(Object.keys(appOnly.fields ?? {})).toEqual(['refreshToken']);

    const pasted = 'first-line-of-a-token\nsecond-line';
    const malformed = await rejection(h.engine.addAccount(nativeInput(f.sandbox, pasted)));
    expect(Object.keys(malformed.fields ?? {})).toEqual(['refreshToken']);
    expect(JSON.stringify(malformed.toInfo())).not.toContain('first-line-of-a-token');
    expect(f.sandbox.tokenRequests.length).toBe(before);
    expect(await accountFiles(h)).toEqual([]);
  });

  it('is refused when editing an account', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(
      nativeInput(f.sandbox, await nativeRefreshToken(f.sandbox)),
    );
    const error = await rejection(
      h.engine.updateAccount(account.id, nativeInput(f.sandbox, 'another-refresh-token')),
    );
    expect(Object.keys(error.fields ?? {})).toEqual(['refreshToken']);
  });
});
