import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTokenDockErrorWithBody } from '../../app/errors/translate';
import { accountShapeProblem } from '../../app/vault/account-shape';
import { fixture } from '../support/entra-recorded';

/**
 * What a claims challenge leaves in an error, with the errors openid-client really throws for
 * answers served on 127.0.0.1 (test/fixtures/entra/claims-*), and how the pending challenge is
 * checked when an account file is read back.
 */

const dotnet = fixture<{
  wwwAuthenticateClaims: { header: string; decodedClaims: string };
  invalidGrantWithBase64Claims: { status: number; text: string };
}>('claims-msal-dotnet-responses.json');
const field = fixture<{ mfaEnrollmentWithCapolids: { status: number; body: object } }>(
  'claims-field-responses.json',
);

describe('claims, suberror and error_uri in errors', () => {
  const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> =
    {
      // A resource server's Bearer challenge (RFC 6750 §3) with Entra's base64 claims: what the
      // engine would meet at userinfo.
      '/userinfo': {
        status: 401,
        headers: { 'www-authenticate': dotnet.wwwAuthenticateClaims.header },
        body: '',
      },
      '/token-capolids': {
        status: field.mfaEnrollmentWithCapolids.status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(field.mfaEnrollmentWithCapolids.body),
      },
      '/token-base64': {
        status: dotnet.invalidGrantWithBase64Claims.status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: dotnet.invalidGrantWithBase64Claims.text,
      },
      '/token-bad-uri': {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: 'interaction_required',
          error_uri: 'javascript:alert(1)',
          suberror: 'not a word <b>',
          claims: 'not a claims request',
        }),
      },
    };
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      const answer = answers[req.url ?? ''];
      if (!answer) return void res.writeHead(404).end();
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  const configFor = (tokenPath: string) => {
    const config = new oidc.Configuration(
      {
        issuer: base,
        token_endpoint: `${base}${tokenPath}`,
        userinfo_endpoint: `${base}/userinfo`,
      },
      'client-1',
      undefined,
      oidc.None(),
    );
    oidc.allowInsecureRequests(config);
    return config;
  };
  const refused = async (promise: Promise<unknown>) =>
    toTokenDockErrorWithBody(
      await promise.then(
        () => expect.unreachable('it succeeded'),
        (error: unknown) => error,
      ),
    );

  it("a Bearer insufficient_claims challenge's claims are kept decoded", async () => {
    const error = await refused(
      oidc.fetchUserInfo(configFor('/token'), 'an-access-token', oidc.skipSubjectCheck),
    );
    expect(error.toInfo()).toMatchObject({
      code: 'provider_error',
      providerError: 'insufficient_claims',
      claims: dotnet.wwwAuthenticateClaims.decodedClaims,
      httpStatus: 401,
    });
    expect(error.hint).toBe('The provider asks for signing in again. Sign in again to provide it.');
  });

  it('an interaction_required body keeps claims and suberror, and says what it asks', async () => {
    const error = await refused(oidc.refreshTokenGrant(configFor('/token-capolids'), 'rt'));
    expect(error.toInfo()).toMatchObject({
      code: 'interaction_required',
      claims:
        '{"access_token":{"capolids":{"essential":true,"values":["59866338-815e-41e6-9613-0ec6218e5c3d"]}}}',
      suberror: 'basic_action',
      errorCodes: [50079],
    });
    // The AADSTS hint comes first when there is one.
    expect(error.hint).toMatch(/register for multi-factor authentication/);
  });

  it('base64 claims in a body are decoded', async () => {
    const error = await refused(oidc.refreshTokenGrant(configFor('/token-base64'), 'rt'));
    expect(error.claims).toBe('{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}');
    expect(error.code).toBe('invalid_grant');
  });

  it('drops an error_uri that is not a web address, an odd suberror and undecodable claims', async () => {
    const error = await refused(oidc.refreshTokenGrant(configFor('/token-bad-uri'), 'rt'));
    expect(error.code).toBe('interaction_required');
    expect(error.toInfo()).not.toHaveProperty('errorUri');
    expect(error.toInfo()).not.toHaveProperty('suberror');
    expect(error.toInfo()).not.toHaveProperty('claims');
  });
});

describe('the account file: client capabilities and the pending challenge', () => {
  const account = {
    id: 'a1',
    name: 'Entra',
    clientId: 'c',
    flow: 'authorization_code',
    signInMode: 'embedded',
    createdOn: 1,
    updatedOn: 2,
    authority: { kind: 'entra', tenant: 't', cloud: 'public', version: 'v2' },
    clientAuth: { kind: 'none' },
    targets: [],
  };
  const challenge = {
    claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
    receivedOn: 1_700_000_000_000,
    suberror: 'basic_action',
    errorCodes: [50076],
    targetId: 't1',
  };

  it('accepts them, and accounts stored before them', () => {
    expect(accountShapeProblem(account)).toBeUndefined();
    expect(
      accountShapeProblem({ ...account, clientCapabilities: ['cp1'], claimsChallenge: challenge }),
    ).toBeUndefined();
  });

  it('refuses malformed ones', () => {
    expect(accountShapeProblem({ ...account, clientCapabilities: ['cp9'] })).toMatch(
      /clientCapabilities/,
    );
    expect(accountShapeProblem({ ...account, clientCapabilities: 'cp1' })).toMatch(
      /clientCapabilities/,
    );
    for (const bad of [
      { ...challenge, claims: 'not json' },
      { ...challenge, claims: 42 },
      { ...challenge, receivedOn: 'yesterday' },
      { ...challenge, errorCodes: ['50076'] },
      'a string',
    ])
      expect(accountShapeProblem({ ...account, claimsChallenge: bad })).toMatch(/claimsChallenge/);
  });
});
