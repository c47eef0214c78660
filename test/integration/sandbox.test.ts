import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importPKCS8 } from 'jose';
import type { JWTPayload } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startSandbox } from '../../app/sandbox';
import type { SandboxProvider } from '../../app/sandbox';
import {
  expectPage,
  expectRedirect,
  formWithButton,
  parseForms,
  PlainHttpBrowser,
  signInAndConsent,
} from '../support/sandbox-browser';
import type { Page } from '../support/sandbox-browser';

const insecure = { execute: [client.allowInsecureRequests] };
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const USER_SCOPE = 'openid profile offline_access api.read';

let sandbox: SandboxProvider;

const consoleSpies = (['log', 'info', 'warn', 'error'] as const).map((method) =>
  vi.spyOn(console, method),
);

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: 5, deviceIntervalSeconds: 1 });
});

afterAll(async () => {
  await sandbox?.close();
});

/** The OAuth error of a failed openid-client call (body or WWW-Authenticate). */
async function oauthError(
  call: Promise<unknown>,
): Promise<{ error: string; description?: string; status: number }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof client.ResponseBodyError) {
      return { error: error.error, description: error.error_description, status: error.status };
    }
    if (error instanceof client.WWWAuthenticateChallengeError) {
      const parameters = error.cause[0]?.parameters;
      return {
        error: String(parameters?.error),
        description: parameters?.error_description,
        status: error.status,
      };
    }
    throw error;
  }
  throw new Error('expected an OAuth error');
}

function claims(jwt: string | undefined): JWTPayload {
  if (!jwt) throw new Error('no token');
  return decodeJwt(jwt);
}

function discover(clientId: string, auth: client.ClientAuth, metadata = {}) {
  return client.discovery(new URL(sandbox.issuer), clientId, metadata, auth, insecure);
}

const native = () => discover(sandbox.clients.native.clientId, client.None());
const middleTier = () =>
  discover(
    sandbox.clients.middleTier.clientId,
    client.ClientSecretBasic(sandbox.clients.middleTier.clientSecret),
  );

async function passwordGrant(user = 0, extra: Record<string, string> = {}) {
  const { username, password } = sandbox.users[user] ?? {};
  return client.genericGrantRequest(await native(), 'password', {
    username: username ?? '',
    password: password ?? '',
    scope: USER_SCOPE,
    ...extra,
  });
}

function postToken(body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
}

const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('discovery and defaults', () => {
  it('serves discovery with every grant and the device endpoint', async () => {
    const config = await native();
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(sandbox.issuer);
    expect(sandbox.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metadata.jwks_uri).toBe(sandbox.jwksUri);
    expect(metadata.device_authorization_endpoint).toBe(`${sandbox.issuer}/device/auth`);
    expect(metadata.revocation_endpoint).toBeDefined();
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['password', JWT_BEARER, TOKEN_EXCHANGE, DEVICE_GRANT]),
    );
    expect(sandbox.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sandbox.users.map((user) => user.email)).toEqual([
      'ada@sandbox.test',
      'grace@sandbox.test',
    ]);
  });

  it('starts a second sandbox side by side with fresh secrets and default lifetimes', async () => {
    const other = await startSandbox();
    try {
      expect(other.port).not.toBe(sandbox.port);
      expect(other.clients.web.clientSecret).not.toBe(sandbox.clients.web.clientSecret);
      expect(other.users[0]?.password).not.toBe(sandbox.users[0]?.password);
      const config = await client.discovery(
        new URL(other.issuer),
        other.clients.daemon.clientId,
        {},
        client.ClientSecretBasic(other.clients.daemon.clientSecret),
        insecure,
      );
      const token = claims((await client.clientCredentialsGrant(config)).access_token);
      expect(Number(token.exp) - Number(token.iat)).toBe(3600);
    } finally {
      await other.close();
    }
  });
});

describe('client credentials', () => {
  it('issues a JWT for the api with client_secret_basic', async () => {
    const config = await discover(
      sandbox.clients.daemon.clientId,
      client.ClientSecretBasic(sandbox.clients.daemon.clientSecret),
    );
    const response = await client.clientCredentialsGrant(config, { scope: 'api.read' });
    const token = claims(response.access_token);
    expect(token).toMatchObject({
      iss: sandbox.issuer,
      aud: sandbox.resources.api.identifier,
      scp: 'api.read',
      scope: 'api.read',
      tid: sandbox.tenantId,
      azp: sandbox.clients.daemon.clientId,
      roles: ['Data.Read.All'],
    });
    expect(Number(token.exp) - Number(token.iat)).toBe(5);
    expect(response.expires_in).toBe(5);
  });

  it('issues a JWT with client_secret_post', async () => {
    const config = await discover(
      sandbox.clients.daemonPost.clientId,
      client.ClientSecretPost(sandbox.clients.daemonPost.clientSecret),
    );
    const token = claims(
      (await client.clientCredentialsGrant(config, { scope: 'api.write' })).access_token,
    );
    expect(token).toMatchObject({ aud: 'api://tokendock-sandbox', scp: 'api.write' });
  });

  it('also takes the secret of a client_secret_basic client in the body', async () => {
    const config = await discover(
      sandbox.clients.daemon.clientId,
      client.ClientSecretPost(sandbox.clients.daemon.clientSecret),
    );
    expect((await client.clientCredentialsGrant(config)).access_token).toBeDefined();
  });

  it('rejects a wrong secret with invalid_client', async () => {
    const config = await discover(
      sandbox.clients.daemon.clientId,
      client.ClientSecretBasic('nope'),
    );
    expect(await oauthError(client.clientCredentialsGrant(config))).toMatchObject({
      error: 'invalid_client',
      status: 401,
    });
  });

  it('rejects an unknown resource with invalid_target', async () => {
    const config = await discover(
      sandbox.clients.daemon.clientId,
      client.ClientSecretBasic(sandbox.clients.daemon.clientSecret),
    );
    const failure = await oauthError(
      client.clientCredentialsGrant(config, { resource: 'api://nobody' }),
    );
    expect(failure.error).toBe('invalid_target');
  });
});

describe('certificate client (private_key_jwt)', () => {
  const cert = () => sandbox.clients.certDaemon;
  const x5t = () => Buffer.from(cert().thumbprintSha1Hex, 'hex').toString('base64url');

  async function certConfig(
    alg: 'RS256' | 'PS256',
    modify: client.ModifyAssertionFunction,
    pem = cert().privateKeyPem,
  ) {
    const key = await importPKCS8(pem, alg);
    return discover(
      cert().clientId,
      client.PrivateKeyJwt(key, { [client.modifyAssertion]: modify }),
    );
  }

  it('accepts an RS256 assertion with x5t', async () => {
    let header: Record<string, unknown> = {};
    const config = await certConfig('RS256', (h) => {
      h.x5t = x5t();
      header = h;
    });
    const token = claims(
      (await client.clientCredentialsGrant(config, { scope: 'api.read' })).access_token,
    );
    expect(header.alg).toBe('RS256');
    expect(token).toMatchObject({ aud: sandbox.resources.api.identifier, tid: sandbox.tenantId });
    expect(token.roles).toEqual(['Data.Read.All', 'Data.Write.All']);
  });

  it('accepts a PS256 assertion with x5t#S256', async () => {
    const config = await certConfig('PS256', (h) => {
      h['x5t#S256'] = cert().thumbprintSha256Base64Url;
    });
    const response = await client.clientCredentialsGrant(config, { scope: 'api.read' });
    expect(decodeProtectedHeader(response.access_token).typ).toBe('at+jwt');
  });

  it('rejects an assertion without a thumbprint', async () => {
    const config = await certConfig('RS256', () => {});
    const failure = await oauthError(client.clientCredentialsGrant(config));
    expect(failure).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(failure.description).toMatch(/thumbprint/);
  });

  it('rejects a wrong thumbprint', async () => {
    const config = await certConfig('RS256', (h) => {
      h.x5t = Buffer.alloc(20, 7).toString('base64url');
    });
    const failure = await oauthError(client.clientCredentialsGrant(config));
    expect(failure.error).toBe('invalid_client');
    expect(failure.description).toMatch(/does not match the registered certificate/);
  });

  it('rejects an assertion signed with another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = await certConfig('RS256', (h) => void (h.x5t = x5t()), otherPem);
    expect((await oauthError(client.clientCredentialsGrant(config))).error).toBe('invalid_client');
  });

  it('rejects an expired assertion', async () => {
    const config = await certConfig('RS256', (h, payload) => {
      h.x5t = x5t();
      const now = Math.floor(Date.now() / 1000);
      payload.iat = now - 600;
      payload.nbf = now - 600;
      payload.exp = now - 300;
    });
    expect((await oauthError(client.clientCredentialsGrant(config))).error).toBe('invalid_client');
  });
});

describe('password grant and refresh tokens', () => {
  it('issues access, ID and refresh tokens; rotation voids the old refresh token', async () => {
    const first = await passwordGrant();
    const user = sandbox.users[0];
    expect(claims(first.access_token)).toMatchObject({
      aud: sandbox.resources.api.identifier,
      scp: 'api.read',
      sub: user?.sub,
      oid: user?.oid,
      tid: sandbox.tenantId,
      client_id: sandbox.clients.native.clientId,
    });
    expect(first.claims()).toMatchObject({
      sub: user?.sub,
      name: 'Ada Lovelace',
      tid: sandbox.tenantId,
    });
    const oldRefresh = first.refresh_token ?? '';
    expect(oldRefresh).not.toBe('');

    const second = await client.refreshTokenGrant(await native(), oldRefresh);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(oldRefresh);
    expect(claims(second.access_token)).toMatchObject({ sub: user?.sub, scp: 'api.read' });
    expect(second.claims()?.email).toBe('ada@sandbox.test');

    const reuse = await oauthError(client.refreshTokenGrant(await native(), oldRefresh));
    expect(reuse.error).toBe('invalid_grant');
  });

  it('rejects a wrong password with invalid_grant', async () => {
    const config = await native();
    const failure = await oauthError(
      client.genericGrantRequest(config, 'password', {
        username: 'ada@sandbox.test',
        password: 'not-the-password',
        scope: USER_SCOPE,
      }),
    );
    expect(failure).toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('refuses the password grant to clients not registered for it', async () => {
    const response = await postToken(
      { grant_type: 'password', username: 'ada@sandbox.test', password: 'x' },
      { authorization: basicAuth(sandbox.clients.web.clientId, sandbox.clients.web.clientSecret) },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('revokes a refresh token at the revocation endpoint (RFC 7009)', async () => {
    const tokens = await passwordGrant(1);
    const config = await native();
    await client.tokenRevocation(config, tokens.refresh_token ?? '');
    expect(
      (await oauthError(client.refreshTokenGrant(config, tokens.refresh_token ?? ''))).error,
    ).toBe('invalid_grant');
  });

  it('revokeUserGrants makes refresh fail with invalid_grant', async () => {
    const tokens = await passwordGrant(1);
    await sandbox.revokeUserGrants('grace@sandbox.test');
    const failure = await oauthError(
      client.refreshTokenGrant(await native(), tokens.refresh_token ?? ''),
    );
    expect(failure.error).toBe('invalid_grant');
    await expect(sandbox.revokeUserGrants('nobody@sandbox.test')).rejects.toThrow(
      /no sandbox user/,
    );
  });
});

describe('authorization code + PKCE through the real pages', () => {
  const redirectUri = 'http://127.0.0.1:49152/callback';

  async function startAuthorization(extra: Record<string, string> = {}) {
    const config = await native();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: USER_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      prompt: 'consent',
      ...extra,
    });
    const browser = new PlainHttpBrowser(sandbox.issuer);
    const loginPage = expectPage(await browser.open(url));
    return { config, verifier, state, nonce, browser, loginPage };
  }

  it('shows an accessible login form and keeps it on a wrong password', async () => {
    const { browser, loginPage } = await startAuthorization();
    expect(loginPage.status).toBe(200);
    expect(loginPage.url.pathname).toMatch(/^\/interaction\/[\w-]+$/);
    expect(loginPage.html).toContain('name="username"');
    expect(loginPage.html).toContain('name="password"');
    expect(loginPage.html).toContain('<label for="username">');
    expect(loginPage.html).toContain('>Sign in</button>');

    const form = { action: new URL(`${loginPage.url.href}/login`), fields: {}, buttons: [] };
    const wrong = expectPage(
      await browser.submit(form, { username: 'ada@sandbox.test<script>', password: 'wrong' }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Wrong username or password.');
    expect(wrong.html).toContain('value="ada@sandbox.test&lt;script&gt;"');
    expect(wrong.html).not.toContain('<script>');
    expect(wrong.url.pathname).toBe(`${loginPage.url.pathname}/login`);
  });

  it('signs in, consents and exchanges the code for tokens', async () => {
    const { config, verifier, state, nonce, browser, loginPage } = await startAuthorization();
    const user = sandbox.users[0];
    const consentPage: Page = expectPage(
      await browser.submit(
        { action: new URL(`${loginPage.url.href}/login`), fields: {}, buttons: [] },
        { username: user?.username ?? '', password: user?.password ?? '' },
      ),
    );
    expect(consentPage.html).toContain('TokenDock (native)');
    expect(consentPage.html).toContain('offline_access');
    expect(consentPage.html).toContain('api.read');
    const callback = expectRedirect(await browser.submit(formWithButton(consentPage, 'Allow')));
    expect(callback.origin).toBe('http://127.0.0.1:49152');
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({
      sub: user?.sub,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      preferred_username: 'ada@sandbox.test',
      email: 'ada@sandbox.test',
      tid: sandbox.tenantId,
      oid: user?.oid,
    });
    expect(claims(tokens.access_token)).toMatchObject({
      aud: sandbox.resources.api.identifier,
      scp: 'api.read',
      oid: user?.oid,
    });
    expect(tokens.refresh_token).toBeDefined();
    expect(
      (await client.refreshTokenGrant(config, tokens.refresh_token ?? '')).access_token,
    ).toBeDefined();
  });

  it('redirects with access_denied when the person presses Deny', async () => {
    const { browser, loginPage, state } = await startAuthorization();
    const user = sandbox.users[1];
    const callback = expectRedirect(
      await signInAndConsent(browser, loginPage, {
        username: user?.username ?? '',
        password: user?.password ?? '',
        consent: 'Deny',
      }),
    );
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
  });

  it('requires PKCE from the native client', async () => {
    const config = await native();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'xyz',
    });
    const callback = expectRedirect(await new PlainHttpBrowser(sandbox.issuer).open(url));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('lets the web client use any loopback port, nothing else', async () => {
    const web = sandbox.clients.web;
    const config = await discover(web.clientId, client.ClientSecretBasic(web.clientSecret));
    const browser = new PlainHttpBrowser(sandbox.issuer);
    const ok = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:61234/callback',
      scope: 'openid',
    });
    expect(expectPage(await browser.open(ok)).url.pathname).toMatch(/^\/interaction\//);
    for (const bad of ['http://127.0.0.1:61234/other', 'http://evil.test:61234/callback']) {
      const url = client.buildAuthorizationUrl(config, { redirect_uri: bad, scope: 'openid' });
      const page = expectPage(await browser.open(url));
      expect(page.status).toBe(400);
      expect(page.html).toContain('invalid_redirect_uri');
    }
  });
});

describe('device flow (RFC 8628)', () => {
  async function enterCodeAndSignIn(
    response: client.DeviceAuthorizationResponse,
    user: number,
    consent: 'Allow' | 'Deny',
  ): Promise<Page> {
    const browser = new PlainHttpBrowser(sandbox.issuer);
    const inputPage = expectPage(await browser.open(response.verification_uri));
    expect(inputPage.html).toContain('name="user_code"');
    const confirmPage = expectPage(
      await browser.submit(formWithButton(inputPage, 'Continue'), {
        user_code: response.user_code,
      }),
    );
    expect(confirmPage.html).toContain(response.user_code);
    const loginPage = expectPage(await browser.submit(formWithButton(confirmPage, 'Confirm')));
    const person = sandbox.users[user];
    return expectPage(
      await signInAndConsent(browser, loginPage, {
        username: person?.username ?? '',
        password: person?.password ?? '',
        consent,
      }),
    );
  }

  it('polls to tokens after the person enters the code, signs in and allows', async () => {
    const config = await native();
    const response = await client.initiateDeviceAuthorization(config, { scope: USER_SCOPE });
    expect(response.interval).toBe(1);
    expect(response.verification_uri_complete).toContain(encodeURIComponent(response.user_code));
    expect(response.message).toContain(response.user_code);

    const pending = await postToken({
      grant_type: DEVICE_GRANT,
      device_code: response.device_code,
      client_id: sandbox.clients.native.clientId,
    });
    expect(await pending.json()).toMatchObject({ error: 'authorization_pending' });

    const done = await enterCodeAndSignIn(response, 0, 'Allow');
    expect(done.html).toContain('You are signed in');
    const tokens = await client.pollDeviceAuthorizationGrant(config, response);
    expect(tokens.claims()).toMatchObject({ sub: sandbox.users[0]?.sub, name: 'Ada Lovelace' });
    expect(tokens.refresh_token).toBeDefined();
  });

  it('gives the polling client access_denied when the person denies consent', async () => {
    const config = await native();
    const response = await client.initiateDeviceAuthorization(config, { scope: USER_SCOPE });
    const page = await enterCodeAndSignIn(response, 1, 'Deny');
    expect(page.html).toContain('cancelled');
    const poll = await postToken({
      grant_type: DEVICE_GRANT,
      device_code: response.device_code,
      client_id: sandbox.clients.native.clientId,
    });
    expect(await poll.json()).toMatchObject({ error: 'access_denied' });
  });

  it('accepts verification_uri_complete (the code prefilled)', async () => {
    const config = await native();
    const response = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
    const browser = new PlainHttpBrowser(sandbox.issuer);
    const autoPost = expectPage(await browser.open(response.verification_uri_complete ?? ''));
    const [form] = parseForms(autoPost.html, autoPost.url);
    if (!form) throw new Error('no auto-submit form');
    expect(form.fields.user_code).toBe(response.user_code);
    const confirmPage = expectPage(await browser.submit(form));
    expect(confirmPage.html).toContain('Confirm device');
  });
});

describe('on-behalf-of and token exchange', () => {
  const middleToken = async () =>
    (await passwordGrant(0, { scope: 'openid access_as_user', resource: 'api://tokendock-middle' }))
      .access_token;

  it('exchanges a middle-tier user token for a downstream token (jwt-bearer OBO)', async () => {
    const assertion = await middleToken();
    expect(claims(assertion).aud).toBe(sandbox.resources.middleTier.identifier);
    const response = await client.genericGrantRequest(await middleTier(), JWT_BEARER, {
      assertion,
      requested_token_use: 'on_behalf_of',
      scope: 'api://tokendock-downstream/data.read',
    });
    const user = sandbox.users[0];
    expect(claims(response.access_token)).toMatchObject({
      aud: sandbox.resources.downstream.identifier,
      sub: user?.sub,
      oid: user?.oid,
      scp: 'data.read',
      azp: sandbox.clients.middleTier.clientId,
      tid: sandbox.tenantId,
    });
  });

  it('also speaks RFC 8693 token exchange', async () => {
    const response = await client.genericGrantRequest(await middleTier(), TOKEN_EXCHANGE, {
      subject_token: await middleToken(),
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'data.read',
    });
    expect(response.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    expect(claims(response.access_token)).toMatchObject({
      aud: 'api://tokendock-downstream',
      sub: sandbox.users[0]?.sub,
    });
  });

  it('rejects an assertion for another audience with a clear invalid_grant', async () => {
    const apiToken = (await passwordGrant()).access_token;
    const failure = await oauthError(
      client.genericGrantRequest(await middleTier(), JWT_BEARER, {
        assertion: apiToken,
        requested_token_use: 'on_behalf_of',
        scope: 'data.read',
      }),
    );
    expect(failure.error).toBe('invalid_grant');
    expect(failure.description).toMatch(/audience \(aud\) must be api:\/\/tokendock-middle/);
    const garbage = await oauthError(
      client.genericGrantRequest(await middleTier(), JWT_BEARER, {
        assertion: 'not.a.jwt',
        requested_token_use: 'on_behalf_of',
      }),
    );
    expect(garbage).toMatchObject({ error: 'invalid_grant' });
  });

  it('5-second access tokens: exp - iat is 5, and an expired one cannot be exchanged', async () => {
    const assertion = await middleToken();
    const { exp, iat } = claims(assertion);
    expect(Number(exp) - Number(iat)).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, (Number(exp) + 1) * 1000 - Date.now()));
    const failure = await oauthError(
      client.genericGrantRequest(await middleTier(), JWT_BEARER, {
        assertion,
        requested_token_use: 'on_behalf_of',
      }),
    );
    expect(failure).toMatchObject({ error: 'invalid_grant', description: 'assertion has expired' });
  });
});

describe('fault switches', () => {
  const daemonBody = { grant_type: 'client_credentials', scope: 'api.read' };
  const daemonHeaders = () => ({
    authorization: basicAuth(sandbox.clients.daemon.clientId, sandbox.clients.daemon.clientSecret),
  });

  it('status500, status429 with Retry-After, html, truncatedJson; then normal again', async () => {
    sandbox.faults.inject({ kind: 'status500', times: 2 });
    sandbox.faults.inject({ kind: 'status429', retryAfterSeconds: 7 });
    sandbox.faults.inject({ kind: 'html' });
    sandbox.faults.inject({ kind: 'truncatedJson' });
    const before = sandbox.tokenRequests.length;

    for (let i = 0; i < 2; i += 1) {
      const response = await postToken(daemonBody, daemonHeaders());
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: 'server_error' });
    }
    const limited = await postToken(daemonBody, daemonHeaders());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ error: 'temporarily_unavailable' });

    const html = await postToken(daemonBody, daemonHeaders());
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<html>');

    const truncated = await postToken(daemonBody, daemonHeaders());
    expect(truncated.status).toBe(200);
    const text = await truncated.text();
    expect(text).toBe('{"access_token":"abc');
    expect(() => JSON.parse(text) as unknown).toThrow();

    const normal = await postToken(daemonBody, daemonHeaders());
    expect(normal.status).toBe(200);

    const records = sandbox.tokenRequests.slice(before);
    expect(records.map((record) => record.fault)).toEqual([
      'status500',
      'status500',
      'status429',
      'html',
      'truncatedJson',
      undefined,
    ]);
    expect(records.every((record) => record.grantType === 'client_credentials')).toBe(true);
    expect(records.every((record) => record.clientId === sandbox.clients.daemon.clientId)).toBe(
      true,
    );
  });

  it('slow delays and then answers normally', async () => {
    sandbox.faults.inject({ kind: 'slow', delayMs: 400 });
    const started = Date.now();
    const response = await postToken(daemonBody, daemonHeaders());
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(response.status).toBe(200);
    expect(sandbox.tokenRequests.at(-1)?.fault).toBe('slow');
  });

  it('deviceSlowDown answers slow_down to device polls only', async () => {
    const response = await client.initiateDeviceAuthorization(await native(), { scope: 'openid' });
    sandbox.faults.inject({ kind: 'deviceSlowDown' });
    expect((await postToken(daemonBody, daemonHeaders())).status).toBe(200);
    const poll = () =>
      postToken({
        grant_type: DEVICE_GRANT,
        device_code: response.device_code,
        client_id: sandbox.clients.native.clientId,
      });
    const slowed = await poll();
    expect(slowed.status).toBe(400);
    expect(await slowed.json()).toMatchObject({ error: 'slow_down' });
    expect(sandbox.tokenRequests.at(-1)).toMatchObject({
      grantType: DEVICE_GRANT,
      clientId: sandbox.clients.native.clientId,
      fault: 'deviceSlowDown',
    });
    expect(await (await poll()).json()).toMatchObject({ error: 'authorization_pending' });
  });

  it('matches other paths and clears', async () => {
    sandbox.faults.inject({ kind: 'status500', path: '/.well-known/openid-configuration' });
    const discovery = `${sandbox.issuer}/.well-known/openid-configuration`;
    expect((await fetch(discovery)).status).toBe(500);
    expect((await fetch(discovery)).status).toBe(200);
    // A slow fault on another POST endpoint: its body is read, then replayed to oidc-provider.
    sandbox.faults.inject({ kind: 'slow', path: '/device/auth', delayMs: 1 });
    const device = await client.initiateDeviceAuthorization(await native(), { scope: 'openid' });
    expect(device.user_code).toBeTruthy();
    sandbox.faults.inject({ kind: 'status500', times: 3 });
    sandbox.faults.clear();
    expect((await postToken(daemonBody, daemonHeaders())).status).toBe(200);
  });
});

describe('silence', () => {
  it('printed nothing to the console during all of the above', () => {
    const printed = consoleSpies.flatMap((spy) => spy.mock.calls.map((call) => call.join(' ')));
    expect(printed).toEqual([]);
  });
});
