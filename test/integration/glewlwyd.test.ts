import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { TRY_SECRET_POST_HINT } from '../../app/flows/client-auth';
import { createSelfSignedCertificate } from '../../app/sandbox/certificate';
import { startHarness, type Harness } from '../support/engine-harness';
import { failure } from '../support/failure';
import { glewlwydMissing, startGlewlwyd, type Glewlwyd } from '../support/glewlwyd';
import type { Fixture } from '../support/sandbox-fixture';

/**
 * The engine against Debian's glewlwyd 2.7, an independent OpenID provider (issue 11). CI
 * installs it (.ci/run); without it this file skips on a developer machine and fails in CI.
 */
const missing = glewlwydMissing();
if (missing && process.env.CI) throw new Error(`CI must have glewlwyd: ${missing}`);
if (missing) console.warn(`Skipping glewlwyd tests: ${missing}`);

const SCOPE = 'api.read';
const ada = {
  username: 'ada',
  password: 'Ada-pa55word',
  name: 'Ada Lovelace',
  email: 'ada@example.test',
};
const daemon = { id: 'daemon-1', secret: 'daemon-secret-1' };
const cli = { id: 'tokendock-cli', secret: 'cli-secret-1' };
const certClient = 'cert-daemon';
const publicCli = 'public-cli';
const deviceCli = 'device-cli';

let g: Glewlwyd;
let fixture: Fixture;
let cert: Awaited<ReturnType<typeof createSelfSignedCertificate>>;
const REFRESH_GRANT = 'refresh_token';
let h: Harness | undefined;

const realFetch = globalThis.fetch;

describe.skipIf(missing !== undefined)('glewlwyd, an independent provider', () => {
  beforeAll(async () => {
    g = await startGlewlwyd({ apiScope: SCOPE });
    cert = await createSelfSignedCertificate('tokendock-glewlwyd');
    await g.addUser(ada);
    await g.addClient({
      client_id: daemon.id,
      confidential: true,
      client_secret: daemon.secret,
      authorization_type: ['client_credentials'],
      scope: [SCOPE],
      token_endpoint_auth_method: ['client_secret_basic', 'client_secret_post'],
    });
    await g.addClient({
      client_id: cli.id,
      confidential: true,
      client_secret: cli.secret,
      authorization_type: ['password', 'refresh_token'],
      scope: ['openid', SCOPE],
      token_endpoint_auth_method: ['client_secret_post'],
    });
    await g.addClient({
      client_id: publicCli,
      confidential: false,
      authorization_type: ['password', 'refresh_token'],
      scope: ['openid', SCOPE],
    });
    await g.addClient({
      client_id: deviceCli,
      confidential: false,
      authorization_type: ['device_authorization', 'refresh_token'],
      scope: ['openid', SCOPE],
    });
    await g.addClient({
      client_id: certClient,
      confidential: true,
      authorization_type: ['client_credentials'],
      scope: [SCOPE],
      token_endpoint_auth_method: ['private_key_jwt'],
      pubkey: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    // The engine only uses `sandbox.issuer` for sandbox authorities; these accounts are `oidc`.
    fixture = {
      sandbox: { issuer: g.issuer },
      browser: undefined,
      connectClient: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    } as unknown as Fixture;
  }, 20_000);

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  afterAll(async () => {
    vi.unstubAllGlobals();
    await g?.close();
  });

  const authority = () => ({ kind: 'oidc', issuer: g.issuer }) as const;
  const apiTarget = (): AccountInput['targets'] => [
    { label: 'API', target: { kind: 'scopes', scopes: [SCOPE] } },
  ];

  const daemonInput = (method: 'client_secret_basic' | 'client_secret_post'): AccountInput => ({
    name: `Daemon (${method})`,
    authority: authority(),
    flow: 'client_credentials',
    clientId: daemon.id,
    clientAuth: { kind: 'secret', method },
    clientSecret: daemon.secret,
    targets: apiTarget(),
  });

  const passwordInput = (): AccountInput => ({
    name: 'Ada (password)',
    authority: authority(),
    flow: 'password',
    clientId: cli.id,
    clientAuth: { kind: 'secret', method: 'client_secret_post' },
    clientSecret: cli.secret,
    username: ada.username,
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: ['openid', SCOPE] } }],
  });

  it('takes password and client-credentials accounts although glewlwyd lists those grants under response_types_supported', async () => {
    const metadata = (await (
      await realFetch(`${g.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, string[]>;
    expect(metadata.grant_types_supported).not.toContain('password');
    expect(metadata.grant_types_supported).not.toContain('client_credentials');
    expect(metadata.response_types_supported).toEqual(
      expect.arrayContaining(['password', 'client_credentials', 'refresh_token']),
    );
    h = await startHarness(fixture);
    for (const input of [passwordInput(), daemonInput('client_secret_post')])
      await h.engine.addAccount(input);
    expect(h.engine.listAccounts()).toHaveLength(2);
  });

  it('client credentials with client_secret_post', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(daemonInput('client_secret_post'));
    await h.engine.signIn(account.id);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
    const token = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeProtectedHeader(token.accessToken)).toMatchObject({ alg: 'RS256', kid: 'k1' });
    expect(decodeJwt(token.accessToken)).toMatchObject({
      iss: g.issuer,
      sub: daemon.id,
      client_id: daemon.id,
      aud: SCOPE,
    });
    const requests = h.wire.requests.filter((r) => r.grantType === 'client_credentials');
    expect(requests.map((r) => r.url)).toEqual([g.tokenEndpoint]);
  });

  it('the password grant signs a user in and shows who it is', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(passwordInput());
    const view = await h.engine.signIn(account.id, { password: ada.password });
    expect(view.state).toBe('valid');
    expect(view.hasRefreshToken).toBe(true);
    const token = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeJwt(token.accessToken)).toMatchObject({ iss: g.issuer, sub: expect.any(String) });
    // glewlwyd's ID token (and userinfo) carry only `sub` unless its name/email claims are set up.
    expect(h.engine.getAccount(account.id).identity).toMatchObject({
      identityProvider: g.issuer,
      subject: decodeJwt(token.accessToken).sub,
    });
    // The password never lands in a log line or a file.
    expect(h.logLines.join('\n')).not.toContain(ada.password);
    expect(await h.fileContents()).not.toContain(ada.password);
  });

  it('refresh rotates the refresh token, and glewlwyd refuses the used one', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(passwordInput());
    await h.engine.signIn(account.id, { password: ada.password });
    const targetId = account.targets[0]!.id;
    await h.engine.refreshNow(account.id, targetId);
    await h.engine.refreshNow(account.id, targetId);
    const refreshTokens = h.wire.issued.map((i) => i.refreshToken).filter(Boolean);
    expect(refreshTokens).toHaveLength(3);
    expect(new Set(refreshTokens).size).toBe(3);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
    // The first refresh token, used once already, is refused.
    const replay = await g.token({
      grant_type: 'refresh_token',
      client_id: cli.id,
      client_secret: cli.secret,
      refresh_token: refreshTokens[0]!,
    });
    // glewlwyd answers 400 with an empty body (no OAuth error), and logs "Token invalid".
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({});
    // The replay revoked the whole family: the engine's current refresh token is refused too.
    // An empty 400 is a refusal, not a transient failure: no retry loop, and the hint says that
    // signing in again is what helps (glewlwyd gives no OAuth error to tell invalid_grant by).
    const before = h.wire.count(REFRESH_GRANT);
    const refused = await failure(h.engine.refreshNow(account.id, targetId));
    expect(refused).toMatchObject({ code: 'provider_error', httpStatus: 400 });
    expect(refused?.hint).toMatch(/sign in again/);
    expect(h.engine.getAccount(account.id).state).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(h.wire.count(REFRESH_GRANT)).toBe(before + 1);
  });

  it('client_secret_basic with a "-" in the id is refused, with the hint to try post', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(daemonInput('client_secret_basic'));
    const refused = await failure(h.engine.signIn(account.id));
    // glewlwyd looks up the client as "daemon%2D1" and answers 403 with an empty body.
    expect(refused).toMatchObject({ code: 'provider_error', httpStatus: 403 });
    expect(refused?.hint).toBe(TRY_SECRET_POST_HINT);
    expect(await g.log()).toContain("client_id 'daemon%2D1' invalid");
    // What the hint says works.
    await h.engine.updateAccount(account.id, daemonInput('client_secret_post'));
    await h.engine.signIn(account.id);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  });

  it.each(['RS256', 'PS256'] as const)(
    'private_key_jwt %s: the assertion audience is the token endpoint',
    async (algorithm) => {
      h = await startHarness(fixture);
      const account = await h.engine.addAccount({
        name: `Certificate daemon (${algorithm})`,
        authority: authority(),
        flow: 'client_credentials',
        clientId: certClient,
        clientAuth: { kind: 'certificate', algorithm, certificatePem: cert.certificatePem },
        certificateKeyPem: cert.privateKeyPem,
        targets: apiTarget(),
      });
      await h.engine.signIn(account.id);
      expect(h.engine.getAccount(account.id).state).toBe('valid');
      const assertions = [...h.wire.secrets].filter(
        (s) => s.split('.').length === 3 && decodeJwt(s).iss === certClient,
      );
      expect(assertions).toHaveLength(1);
      expect(decodeProtectedHeader(assertions[0]!).alg).toBe(algorithm);
      expect(decodeJwt(assertions[0]!)).toMatchObject({
        iss: certClient,
        sub: certClient,
        aud: g.tokenEndpoint,
      });
      const token = await h.engine.getToken(account.id, account.targets[0]!.id);
      expect(decodeJwt(token.accessToken)).toMatchObject({ sub: certClient, aud: SCOPE });
    },
  );

  it('device code: the person approves at glewlwyd, the engine polls and signs in', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount({
      name: 'Ada (device)',
      authority: authority(),
      flow: 'device_code',
      clientId: deviceCli,
      clientAuth: { kind: 'none' },
      targets: [{ label: 'API', target: { kind: 'scopes', scopes: ['openid', SCOPE] } }],
    });
    let approved: Promise<string> | undefined;
    const view = await h.engine.signIn(account.id, {
      onDeviceCode: (prompt) => {
        expect(prompt.verificationUri).toBe(`${g.issuer}/device`);
        approved = g.approveDevice(ada, deviceCli, `openid ${SCOPE}`, prompt.userCode);
      },
    });
    expect(await approved).toMatch(/prompt=deviceComplete/);
    expect(view.state).toBe('valid');
    const token = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeJwt(token.accessToken)).toMatchObject({ iss: g.issuer, client_id: deviceCli });
  });

  it('the password grant of a public client is refused by glewlwyd (403, empty body)', async () => {
    // glewlwyd's OIDC plugin takes a client_id without a secret as a failed client
    // authentication; the engine sends client_id for public clients (RFC 6749 §3.2.1).
    h = await startHarness(fixture);
    const confidential = passwordInput();
    delete confidential.clientSecret;
    const account = await h.engine.addAccount({
      ...confidential,
      name: 'Ada (public client)',
      clientId: publicCli,
      clientAuth: { kind: 'none' },
    });
    const refused = await failure(h.engine.signIn(account.id, { password: ada.password }));
    expect(refused).toMatchObject({ code: 'provider_error', httpStatus: 403 });
    expect(refused?.hint).toMatch(/refuses this client/);
    expect(h.engine.getAccount(account.id).hasRefreshToken).toBe(false);
  });

  it('removing a confidential account revokes its refresh token at glewlwyd (RFC 7009)', async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(passwordInput());
    await h.engine.signIn(account.id, { password: ada.password });
    const refreshToken = h.wire.issued.at(-1)?.refreshToken;
    expect(refreshToken).toBeTruthy();
    await h.engine.removeAccount(account.id);
    // The client authenticates with its secret, taken before the account's secrets were deleted.
    expect(h.engine.activity().find((a) => a.kind === 'revoked')).toBeDefined();
    expect(h.engine.activity().find((a) => a.kind === 'revoke-failed')).toBeUndefined();
    expect(h.wire.requests.some((r) => r.url.startsWith(`${g.issuer}/revoke`))).toBe(true);
    const afterwards = await g.token({
      grant_type: 'refresh_token',
      client_id: cli.id,
      client_secret: cli.secret,
      refresh_token: refreshToken!,
    });
    expect(afterwards.status).toBe(400);
  });

  it("a password sign-in asks glewlwyd's userinfo once, which names nobody either", async () => {
    h = await startHarness(fixture);
    const account = await h.engine.addAccount(passwordInput());
    const view = await h.engine.signIn(account.id, { password: ada.password });
    expect(view.state).toBe('valid');
    // The ID token holds `sub` alone: the engine asks userinfo with the sign-in's token (its scope
    // includes openid), once.
    const idToken = h.engine.decodeToken(account.id, account.targets[0]!.id, 'id');
    const subject = idToken.kind === 'jwt' ? idToken.claims.sub : undefined;
    expect(idToken.kind === 'jwt' && idToken.claims.name).toBeFalsy();
    const userinfo = h.wire.requests.filter((r) => r.url.startsWith(`${g.issuer}/userinfo`));
    expect(userinfo).toHaveLength(1);
    // With no name or e-mail claim configured in its OIDC plugin, glewlwyd's userinfo returns the
    // same `sub` and nothing else a person would recognise: the sign-in stands, with the ID token's
    // identity, and nothing is logged as failed.
    const { accessToken } = await h.engine.getToken(account.id, account.targets[0]!.id);
    const answer = (await (
      await realFetch(`${g.issuer}/userinfo`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      })
    ).json()) as Record<string, unknown>;
    expect(answer.sub).toBe(subject);
    expect(answer).not.toHaveProperty('name');
    expect(answer).not.toHaveProperty('email');
    expect(h.engine.getAccount(account.id).identity).toMatchObject({
      subject,
      identityProvider: g.issuer,
    });
    expect(h.engine.getAccount(account.id).identity?.name).toBeUndefined();
    expect(h.logLines.some((l) => l.includes('userinfo failed'))).toBe(false);
    expect(view.authorityLabel).toBe(new URL(g.issuer).host);
  });
});
