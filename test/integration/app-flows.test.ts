import { generateKeyPairSync } from 'node:crypto';
import * as oidc from 'openid-client';
import { decodeJwt, decodeProtectedHeader, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { acquireOnBehalfOf } from '../../app/flows/on-behalf-of';
import { signInWithPassword } from '../../app/flows/password';
import type { CertificateCredential } from '../../app/flows/certificate';
import type { HttpSettings } from '../../app/flows/connect';
import { toTokenDockError } from '../../app/errors/translate';
import type { Fetch } from '../../app/ports';
import { apiTarget, nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { failure } from '../support/failure';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ browser: false });
});
afterAll(async () => {
  await f?.close();
});

/** Records the client assertions sent, to look at their headers. */
function recordingFetch(): { fetch: Fetch; assertions: string[] } {
  const assertions: string[] = [];
  return {
    assertions,
    fetch: async (input, init) => {
      const assertion = new URLSearchParams(String(init?.body ?? '')).get('client_assertion');
      if (assertion) assertions.push(assertion);
      return fetch(input, init);
    },
  };
}

describe('username + password (RFC 6749 §4.3)', () => {
  it('signs in and returns user tokens', async () => {
    const ada = f.sandbox.users[0]!;
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const tokens = await signInWithPassword(connection, {
      target: apiTarget(f.sandbox),
      username: ada.username,
      password: ada.password,
    });
    expect(decodeJwt(tokens.accessToken)).toMatchObject({
      aud: f.sandbox.resources.api.identifier,
      sub: ada.sub,
      tid: f.sandbox.tenantId,
    });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.account).toMatchObject({ userId: ada.username, oid: ada.oid, givenName: 'Ada' });
  });

  it('says invalid_grant for a wrong password', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const error = await failure(
      signInWithPassword(connection, {
        target: apiTarget(f.sandbox),
        username: f.sandbox.users[0]!.username,
        password: 'nope',
      }),
    );
    expect(error?.code).toBe('invalid_grant');
    expect(error?.hint).toMatch(/^Check the user name and password/);
  });
});

describe('client credentials (RFC 6749 §4.4)', () => {
  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'acquires an app token with %s',
    async (method) => {
      const daemon =
        method === 'client_secret_basic' ? f.sandbox.clients.daemon : f.sandbox.clients.daemonPost;
      const connection = await f.connectClient({
        clientId: daemon.clientId,
        credential: { kind: 'secret', secret: daemon.clientSecret, method },
      });
      const tokens = await acquireWithClientCredentials(connection, {
        target: { kind: 'resource', resource: f.sandbox.resources.api.identifier },
      });
      const claims = decodeJwt(tokens.accessToken);
      expect(claims.aud).toBe(f.sandbox.resources.api.identifier);
      expect(claims.sub).toBe(daemon.clientId);
      expect(claims.tid).toBe(f.sandbox.tenantId);
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
      expect(tokens.refreshToken).toBeUndefined();
      expect(tokens.idToken).toBeUndefined();
    },
  );

  it('says invalid_client for a wrong secret', async () => {
    const connection = await f.connectClient({
      clientId: f.sandbox.clients.daemon.clientId,
      credential: { kind: 'secret', secret: 'wrong' },
    });
    const error = await failure(
      acquireWithClientCredentials(connection, { target: apiTarget(f.sandbox, []) }),
    );
    expect(error?.code).toBe('invalid_client');
    expect(error?.httpStatus).toBe(401);
  });

  describe('with a certificate (private_key_jwt, RFC 7523 §2.2)', () => {
    const cert = () => f.sandbox.clients.certDaemon;
    /** The certificate client with the sandbox's key and the given certificate fields. */
    const connectCert = (
      credential: Partial<CertificateCredential>,
      http?: Partial<HttpSettings>,
    ) =>
      f.connectClient(
        {
          clientId: cert().clientId,
          credential: { kind: 'certificate', privateKeyPem: cert().privateKeyPem, ...credential },
        },
        http,
      );

    it('signs RS256 with x5t from the certificate', async () => {
      const recorder = recordingFetch();
      const connection = await connectCert(
        { certificatePem: cert().certificatePem },
        { fetch: recorder.fetch },
      );
      const tokens = await acquireWithClientCredentials(connection, {
        target: apiTarget(f.sandbox, []),
      });
      expect(decodeJwt(tokens.accessToken).aud).toBe(f.sandbox.resources.api.identifier);
      const header = decodeProtectedHeader(recorder.assertions[0]!);
      expect(header.alg).toBe('RS256');
      expect(header.x5t).toBe(Buffer.from(cert().thumbprintSha1Hex, 'hex').toString('base64url'));
    });

    it("signs RS256 with x5t from ADAL's hex thumbprint alone", async () => {
      const connection = await connectCert({
        thumbprintSha1Hex: cert().thumbprintSha1Hex.toLowerCase(),
      });
      await expect(
        acquireWithClientCredentials(connection, { target: apiTarget(f.sandbox, []) }),
      ).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('signs PS256 with x5t#S256', async () => {
      const recorder = recordingFetch();
      const connection = await connectCert(
        { certificatePem: cert().certificatePem, algorithm: 'PS256' },
        { fetch: recorder.fetch },
      );
      await acquireWithClientCredentials(connection, { target: apiTarget(f.sandbox, []) });
      const header = decodeProtectedHeader(recorder.assertions[0]!);
      expect(header.alg).toBe('PS256');
      expect(header['x5t#S256']).toBe(cert().thumbprintSha256Base64Url);
      expect(header.x5t).toBeUndefined();
    });

    it("says invalid_client when signed with a key that is not the certificate's", async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const connection = await connectCert({
        privateKeyPem: other,
        thumbprintSha1Hex: cert().thumbprintSha1Hex,
      });
      const error = await failure(
        acquireWithClientCredentials(connection, { target: apiTarget(f.sandbox, []) }),
      );
      expect(error?.code).toBe('invalid_client');
    });

    it('says invalid_client for a thumbprint of another certificate', async () => {
      const connection = await connectCert({ thumbprintSha1Hex: 'AA'.repeat(20) });
      const error = await failure(
        acquireWithClientCredentials(connection, { target: apiTarget(f.sandbox, []) }),
      );
      expect(error?.code).toBe('invalid_client');
      expect(error?.providerErrorDescription).toMatch(/x5t|thumbprint/i);
    });

    it('is refused by the provider without an x5t header (the engine never sends one without it)', async () => {
      const key = await importPKCS8(cert().privateKeyPem, 'RS256');
      const config = await oidc.discovery(
        new URL(f.sandbox.issuer),
        cert().clientId,
        undefined,
        oidc.PrivateKeyJwt(key),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );
      const error = toTokenDockError(
        await oidc
          .clientCredentialsGrant(config, { resource: f.sandbox.resources.api.identifier })
          .catch((e: unknown) => e),
      );
      expect(error.code).toBe('invalid_client');
    });

    it("stamps the assertion with the provider's time when this computer's clock is 15 minutes behind", async () => {
      const recorder = recordingFetch();
      const connection = await connectCert(
        { certificatePem: cert().certificatePem },
        { fetch: recorder.fetch, clock: { now: () => Date.now() - 15 * 60_000 } },
      );
      const tokens = await acquireWithClientCredentials(connection, {
        target: apiTarget(f.sandbox, []),
      });
      expect(tokens.accessToken).toBeTruthy();
      // The provider's Date header set the time: the assertion is not expired by its clock.
      expect(decodeJwt(recorder.assertions.at(-1)!).exp).toBeGreaterThan(Date.now() / 1000);
    });

    it('refuses a malformed key or a certificate that does not match before sending anything', async () => {
      await expect(
        connectCert({ privateKeyPem: 'not a pem', certificatePem: cert().certificatePem }),
      ).rejects.toMatchObject({ code: 'invalid_configuration' });
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      await expect(
        connectCert({ privateKeyPem: other, certificatePem: cert().certificatePem }),
      ).rejects.toMatchObject({
        code: 'invalid_configuration',
        message: 'The certificate does not belong to this private key.',
      });
    });
  });
});

describe('on-behalf-of', () => {
  it('exchanges a user token for the middle tier into a downstream token for the same user', async () => {
    const ada = f.sandbox.users[0]!;
    const { middleTier, downstream } = f.sandbox.resources;
    const user = await signInWithPassword(await f.connectClient(nativeClient(f.sandbox)), {
      target: { kind: 'resource', resource: middleTier.identifier, scopes: middleTier.scopes },
      username: ada.username,
      password: ada.password,
    });
    expect(decodeJwt(user.accessToken).aud).toBe(middleTier.identifier);

    const mid = f.sandbox.clients.middleTier;
    const connection = await f.connectClient({
      clientId: mid.clientId,
      credential: { kind: 'secret', secret: mid.clientSecret },
    });
    for (const protocol of ['entra', 'token-exchange'] as const) {
      const obo = await acquireOnBehalfOf(connection, {
        target: { kind: 'resource', resource: downstream.identifier, scopes: downstream.scopes },
        assertion: user.accessToken,
        protocol,
      });
      const claims = decodeJwt(obo.accessToken);
      expect(claims).toMatchObject({ aud: downstream.identifier, sub: ada.sub, oid: ada.oid });
    }
  });

  it('says invalid_grant for a token that was not issued to the middle tier', async () => {
    const ada = f.sandbox.users[0]!;
    const user = await signInWithPassword(await f.connectClient(nativeClient(f.sandbox)), {
      target: apiTarget(f.sandbox),
      username: ada.username,
      password: ada.password,
    });
    const mid = f.sandbox.clients.middleTier;
    const connection = await f.connectClient({
      clientId: mid.clientId,
      credential: { kind: 'secret', secret: mid.clientSecret },
    });
    const error = await failure(
      acquireOnBehalfOf(connection, {
        target: { kind: 'resource', resource: f.sandbox.resources.downstream.identifier },
        assertion: user.accessToken,
        protocol: 'entra',
      }),
    );
    expect(error?.code).toBe('invalid_grant');
  });
});
