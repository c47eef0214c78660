import { X509Certificate } from 'node:crypto';
import * as oidc from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretMethodChoice } from '../../app/contract/accounts';
import {
  buildClientAuth,
  createClientAuth,
  TRY_SECRET_POST_HINT,
  withSecretMethodHint,
  type ClientCredential,
} from '../../app/flows/client-auth';
import type { CertificateCredential } from '../../app/flows/certificate';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { connect } from '../../app/flows/connect';
import { toTokenDockError } from '../../app/errors/translate';
import { systemClock, type Fetch } from '../../app/ports';
import { startSandbox, type SandboxProvider } from '../../app/sandbox';
import { createSelfSignedCertificate } from '../../app/sandbox/certificate';
import { STRICT_AUDIENCE_CERT_CLIENT_ID } from '../../app/sandbox/clients';
import { failure } from '../support/failure';

/**
 * Client authentication as providers other than oidc-provider want it (issue 11, items 1 and 6):
 * `private_key_jwt` assertions addressed to the token endpoint, the issuer on request, the
 * certificate chain in `x5c`, the secret method chosen from the provider's metadata, and a hint
 * towards `client_secret_post` when a provider does not decode `client_secret_basic`.
 */
let sandbox: SandboxProvider;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

const tokenEndpoint = () => `${sandbox.issuer}/token`;
const apiTarget = () => ({ kind: 'resource', resource: sandbox.resources.api.identifier }) as const;

interface Recorded {
  url: string;
  headers: Headers;
  body: URLSearchParams;
}

/**
 * Node's fetch, recording every request (URL, headers, form body), optionally rewriting the
 * discovery document's `token_endpoint_auth_methods_supported` (`null`: without it) and the
 * request before it goes out.
 */
function recordingFetch(
  options: {
    authMethods?: string[] | null;
    rewrite?: (url: string, headers: Headers) => void;
  } = {},
): { fetch: Fetch; requests: Recorded[]; tokenRequests: () => Recorded[] } {
  const requests: Recorded[] = [];
  return {
    requests,
    tokenRequests: () => requests.filter((r) => r.url === tokenEndpoint()),
    fetch: async (input, init) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      options.rewrite?.(url, headers);
      requests.push({ url, headers, body: new URLSearchParams(String(init?.body ?? '')) });
      const response = await fetch(input, { ...init, headers });
      if (options.authMethods === undefined || !url.includes('/.well-known/')) return response;
      const metadata = (await response.json()) as Record<string, unknown>;
      if (options.authMethods === null) delete metadata.token_endpoint_auth_methods_supported;
      else metadata.token_endpoint_auth_methods_supported = options.authMethods;
      const rewritten = new Headers(response.headers);
      rewritten.delete('content-length');
      return new Response(JSON.stringify(metadata), {
        status: response.status,
        headers: rewritten,
      });
    },
  };
}

const connectTo = (clientId: string, credential: ClientCredential, fetch: Fetch) =>
  connect({ kind: 'sandbox', issuer: sandbox.issuer }, { clientId, credential }, { fetch });

const certificate = (options: Partial<CertificateCredential> = {}): ClientCredential => ({
  kind: 'certificate',
  privateKeyPem: sandbox.clients.certDaemon.privateKeyPem,
  certificatePem: sandbox.clients.certDaemon.certificatePem,
  ...options,
});

/** The `client_assertion` of each token request. */
const assertionsOf = (requests: Recorded[]) =>
  requests.map((r) => r.body.get('client_assertion')).filter((a): a is string => !!a);

describe('private_key_jwt: the assertion audience', () => {
  it('is the token endpoint by default, which a provider taking nothing else accepts', async () => {
    const recorder = recordingFetch();
    const connection = await connectTo(
      STRICT_AUDIENCE_CERT_CLIENT_ID,
      certificate(),
      recorder.fetch,
    );
    const tokens = await acquireWithClientCredentials(connection, { target: apiTarget() });
    expect(decodeJwt(tokens.accessToken).sub).toBe(STRICT_AUDIENCE_CERT_CLIENT_ID);
    const [assertion] = assertionsOf(recorder.tokenRequests());
    expect(decodeJwt(assertion!).aud).toBe(tokenEndpoint());
    expect(decodeJwt(assertion!).aud).not.toBe(sandbox.issuer);
  });

  it('is the issuer when the account asks for it (and the strict provider refuses that)', async () => {
    const recorder = recordingFetch();
    const strict = await connectTo(
      STRICT_AUDIENCE_CERT_CLIENT_ID,
      certificate({ audience: 'issuer' }),
      recorder.fetch,
    );
    const error = await failure(acquireWithClientCredentials(strict, { target: apiTarget() }));
    expect(error?.code).toBe('invalid_client');
    expect(error?.providerErrorDescription).toMatch(/must be the token endpoint/);
    expect(decodeJwt(assertionsOf(recorder.tokenRequests())[0]!).aud).toBe(sandbox.issuer);

    // A provider that wants the issuer (oidc-provider takes both) gets it.
    const lenientRecorder = recordingFetch();
    const lenient = await connectTo(
      sandbox.clients.certDaemon.clientId,
      certificate({ audience: 'issuer' }),
      lenientRecorder.fetch,
    );
    await expect(
      acquireWithClientCredentials(lenient, { target: apiTarget() }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(decodeJwt(assertionsOf(lenientRecorder.tokenRequests())[0]!).aud).toBe(sandbox.issuer);
  });

  it('is the token endpoint of the metadata each request is made with', async () => {
    // The audience follows the metadata each request is made with (here an Entra multi-tenant
    // issuer, which could never be right as an audience), not a value fixed at construction.
    const auth = await buildClientAuth(certificate(), systemClock);
    const body = new URLSearchParams();
    // openid-client types ClientAuth as returning void; PrivateKeyJwt's is a promise.
    await Promise.resolve(
      auth(
        {
          issuer: 'https://login.example.com/{tenantid}/v2.0',
          token_endpoint: 'https://t.example/token',
        },
        { client_id: 'c' },
        body,
        new Headers(),
      ),
    );
    expect(decodeJwt(body.get('client_assertion')!).aud).toBe('https://t.example/token');
  });
});

describe('private_key_jwt: the certificate chain (x5c)', () => {
  it('is absent unless asked for', async () => {
    const recorder = recordingFetch();
    const connection = await connectTo(
      STRICT_AUDIENCE_CERT_CLIENT_ID,
      certificate(),
      recorder.fetch,
    );
    await acquireWithClientCredentials(connection, { target: apiTarget() });
    expect(decodeProtectedHeader(assertionsOf(recorder.tokenRequests())[0]!).x5c).toBeUndefined();
  });

  it('carries the base64 DER of each certificate of the PEM, leaf first, and is accepted', async () => {
    const intermediate = await createSelfSignedCertificate('TokenDock test intermediate', 1);
    const chainPem = `${sandbox.clients.certDaemon.certificatePem}\n${intermediate.certificatePem}`;
    const recorder = recordingFetch();
    const connection = await connectTo(
      STRICT_AUDIENCE_CERT_CLIENT_ID,
      certificate({ certificatePem: chainPem, sendChain: true, algorithm: 'PS256' }),
      recorder.fetch,
    );
    await expect(
      acquireWithClientCredentials(connection, { target: apiTarget() }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    const header = decodeProtectedHeader(assertionsOf(recorder.tokenRequests())[0]!);
    expect(header.alg).toBe('PS256');
    expect(header['x5t#S256']).toBe(sandbox.clients.certDaemon.thumbprintSha256Base64Url);
    const derOf = (pem: string) => new X509Certificate(pem).raw.toString('base64');
    expect(header.x5c).toEqual([
      derOf(sandbox.clients.certDaemon.certificatePem),
      derOf(intermediate.certificatePem),
    ]);
    // Standard base64 (RFC 7515 §4.1.6), not base64url: the certificate itself.
    expect(new X509Certificate(Buffer.from(header.x5c![0]!, 'base64')).fingerprint).toBe(
      new X509Certificate(sandbox.clients.certDaemon.certificatePem).fingerprint,
    );
  });

  it('needs the certificate PEM: a thumbprint alone is refused before anything is sent', async () => {
    const error = await failure(
      createClientAuth(
        certificate({
          certificatePem: undefined,
          thumbprintSha1Hex: sandbox.clients.certDaemon.thumbprintSha1Hex,
          sendChain: true,
        }),
        systemClock,
      ),
    );
    expect(error?.code).toBe('invalid_configuration');
    expect(error?.message).toMatch(/x5c/);
  });
});

describe('client secrets: automatic chooses from token_endpoint_auth_methods_supported', () => {
  /** How the recorded token request carried the secret. */
  const methodSent = (request: Recorded) =>
    request.headers.get('authorization')?.startsWith('Basic ')
      ? 'client_secret_basic'
      : request.body.has('client_secret')
        ? 'client_secret_post'
        : 'none';

  it.each<[string, string[] | null, 'daemon' | 'daemonPost', string]>([
    [
      'lists only post',
      ['client_secret_post', 'private_key_jwt'],
      'daemonPost',
      'client_secret_post',
    ],
    [
      'lists post first (as Entra does)',
      ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      'daemonPost',
      'client_secret_post',
    ],
    [
      'lists basic first',
      ['client_secret_basic', 'client_secret_post'],
      'daemon',
      'client_secret_basic',
    ],
    ['lists nothing (RFC 8414 §2: basic)', null, 'daemon', 'client_secret_basic'],
  ])('the provider %s', async (_, authMethods, client, expected) => {
    const recorder = recordingFetch({ authMethods });
    const { clientId, clientSecret } = sandbox.clients[client];
    const connection = await connectTo(
      clientId,
      { kind: 'secret', secret: clientSecret, method: 'automatic' },
      recorder.fetch,
    );
    await expect(
      acquireWithClientCredentials(connection, { target: apiTarget() }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(recorder.tokenRequests().map(methodSent)).toEqual([expected]);
  });

  it.each<[SecretMethodChoice | undefined, string]>([
    [undefined, 'client_secret_basic'],
    ['client_secret_basic', 'client_secret_basic'],
    ['client_secret_post', 'client_secret_post'],
  ])('a chosen method (%s) is kept whatever the provider lists', async (method, expected) => {
    const recorder = recordingFetch({ authMethods: ['client_secret_post'] });
    const { clientId, clientSecret } = sandbox.clients.daemon;
    const connection = await connectTo(
      clientId,
      { kind: 'secret', secret: clientSecret, ...(method ? { method } : {}) },
      recorder.fetch,
    );
    await failure(acquireWithClientCredentials(connection, { target: apiTarget() }));
    expect(recorder.tokenRequests().map(methodSent)).toEqual([expected]);
  });
});

describe('client_secret_basic at a provider that does not decode it', () => {
  /**
   * What glewlwyd and other providers do: take the Basic credentials as sent, without the form
   * decoding RFC 6749 §2.3.1 requires. Emulated in front of the sandbox by encoding the
   * (already encoded) id and secret once more, so what the sandbox decodes is what such a
   * provider reads: `tokendock%2Ddaemon`, an unknown client.
   */
  const notDecoding = (url: string, headers: Headers) => {
    const value = headers.get('authorization');
    if (url !== tokenEndpoint() || !value?.startsWith('Basic ')) return;
    const [id = '', secret = ''] = atob(value.slice(6)).split(':');
    headers.set(
      'authorization',
      `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
    );
  };

  /** The daemon's token request through openid-client, and the hint TokenDock gives. */
  async function attempt(clientId: string, credential: ClientCredential) {
    const recorder = recordingFetch({ rewrite: notDecoding });
    const { auth, lastSecretAttempt } = await createClientAuth(credential, systemClock);
    const config = await oidc.discovery(new URL(sandbox.issuer), clientId, undefined, auth, {
      [oidc.customFetch]: recorder.fetch as oidc.CustomFetch,
      execute: [oidc.allowInsecureRequests],
    });
    const outcome = await oidc
      .clientCredentialsGrant(config, { resource: sandbox.resources.api.identifier })
      .then(
        () => undefined,
        (e: unknown) => toTokenDockError(e, 'Client credentials'),
      );
    const error = outcome && withSecretMethodHint(outcome, lastSecretAttempt());
    return { error, hint: error?.hint };
  }

  it('is refused, and the hint says to try client_secret_post', async () => {
    const { clientId, clientSecret } = sandbox.clients.daemon;
    expect(clientId).toContain('-'); // form-encoded as %2D
    const { error, hint } = await attempt(clientId, {
      kind: 'secret',
      secret: clientSecret,
      method: 'client_secret_basic',
    });
    expect(error?.code).toBe('invalid_client');
    expect(error?.httpStatus).toBe(401);
    expect(hint).toBe(TRY_SECRET_POST_HINT);
    expect(hint).toMatch(/client_secret_post/);
  });

  it('also when automatic chose basic (the provider lists nothing)', async () => {
    const { clientId, clientSecret } = sandbox.clients.daemon;
    const { hint } = await attempt(clientId, {
      kind: 'secret',
      secret: clientSecret,
      method: 'automatic',
    });
    expect(hint).toBe(TRY_SECRET_POST_HINT);
  });

  it('gives no such hint for a wrong secret sent in the body', async () => {
    const { clientId } = sandbox.clients.daemonPost;
    const { error, hint } = await attempt(clientId, {
      kind: 'secret',
      secret: 'wrong~secret',
      method: 'client_secret_post',
    });
    expect(error?.code).toBe('invalid_client');
    expect(hint).not.toBe(TRY_SECRET_POST_HINT);
  });

  it('and client_secret_post works there', async () => {
    const { clientId, clientSecret } = sandbox.clients.daemonPost;
    const { error } = await attempt(clientId, {
      kind: 'secret',
      secret: clientSecret,
      method: 'client_secret_post',
    });
    expect(error).toBeUndefined();
  });
});
