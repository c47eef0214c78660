import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientAuth, type ClientRegistration } from '../../app/flows/client-auth';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { connect } from '../../app/flows/connect';
import { signInWithPassword } from '../../app/flows/password';
import { toTokenDockError } from '../../app/errors/translate';
import { systemClock, type Fetch } from '../../app/ports';
import { failure } from '../support/failure';
import { startSkewedSandbox, type SkewedSandbox } from '../support/skewed-sandbox';

/**
 * The sandbox provider with its clock 10 minutes ahead of or behind this computer's. It checks
 * client assertion `iat`/`nbf`/`exp` against its own clock (with 15 s of tolerance), as Entra ID
 * and every RFC 7523 provider do.
 */
const TEN_MINUTES = 10 * 60_000;
/** Date has 1 s resolution and the request takes a moment: how close a learned offset must be. */
const CLOSE_MS = 3_000;

let sandbox: SkewedSandbox;
beforeAll(async () => {
  // Short ID tokens: 10 minutes behind, they have expired by this computer's clock.
  sandbox = await startSkewedSandbox(0, { idTokenTtlSeconds: 300 });
});
afterAll(async () => {
  await sandbox?.close();
});

/** Node's fetch, recording the client assertion of every request that carries one. */
function recordingFetch(): { fetch: Fetch; assertions: string[]; tokenRequests: () => number } {
  const assertions: string[] = [];
  let tokenRequests = 0;
  return {
    assertions,
    tokenRequests: () => tokenRequests,
    fetch: async (input, init) => {
      if (String(input).endsWith('/token')) tokenRequests += 1;
      const assertion = new URLSearchParams(String(init?.body ?? '')).get('client_assertion');
      if (assertion) assertions.push(assertion);
      return fetch(input, init);
    },
  };
}

const certificateClient = (): ClientRegistration => ({
  clientId: sandbox.clients.certDaemon.clientId,
  credential: {
    kind: 'certificate',
    privateKeyPem: sandbox.clients.certDaemon.privateKeyPem,
    certificatePem: sandbox.clients.certDaemon.certificatePem,
  },
});

const connectTo = (client: ClientRegistration, fetch: Fetch = globalThis.fetch) =>
  connect({ kind: 'sandbox', issuer: sandbox.issuer }, client, { fetch });

const apiTarget = () => ({ kind: 'resource', resource: sandbox.resources.api.identifier }) as const;

describe.each([
  ['ahead of', TEN_MINUTES],
  ['behind', -TEN_MINUTES],
])('a provider whose clock is 10 minutes %s this computer’s', (_, offset) => {
  it('refuses a certificate assertion stamped with this computer’s clock (the problem)', async () => {
    await sandbox.shiftClock(offset);
    // What TokenDock sent before it learned the provider's clock: the same certificate client,
    // its assertions stamped with the local clock, through openid-client directly.
    const config = await oidc.discovery(
      new URL(sandbox.issuer),
      certificateClient().clientId,
      undefined,
      await buildClientAuth(certificateClient().credential, systemClock),
      { execute: [oidc.allowInsecureRequests] },
    );
    const error = toTokenDockError(
      await oidc
        .clientCredentialsGrant(config, { resource: sandbox.resources.api.identifier })
        .catch((e: unknown) => e),
    );
    expect(error.code).toBe('invalid_client');
  });

  it('learns the offset from the Date of discovery, so client credentials work at once', async () => {
    await sandbox.shiftClock(offset);
    const recorder = recordingFetch();
    const connection = await connectTo(certificateClient(), recorder.fetch);
    expect(Math.abs(connection.providerClock.offsetMs - offset)).toBeLessThan(CLOSE_MS);

    const tokens = await acquireWithClientCredentials(connection, { target: apiTarget() });
    expect(decodeJwt(tokens.accessToken).aud).toBe(sandbox.resources.api.identifier);
    expect(recorder.tokenRequests()).toBe(1);
    const assertion = decodeJwt(recorder.assertions[0]!);
    expect(Math.abs(assertion.iat! * 1000 - (Date.now() + offset))).toBeLessThan(CLOSE_MS + 1_000);
    expect(assertion.nbf).toBe(assertion.iat);
    expect(assertion.exp).toBe(assertion.iat! + 120);
    // The token's own times are the provider's; its expiry is counted on this computer's clock.
    expect(tokens.expiresOn - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('retries an invalid_client once with corrected times when the skew appears after connecting', async () => {
    await sandbox.shiftClock(0);
    const recorder = recordingFetch();
    const connection = await connectTo(certificateClient(), recorder.fetch);
    expect(connection.providerClock.offsetMs).toBe(0);
    await sandbox.shiftClock(offset);
    const tokens = await acquireWithClientCredentials(connection, { target: apiTarget() });
    expect(decodeJwt(tokens.accessToken).sub).toBe(sandbox.clients.certDaemon.clientId);
    expect(recorder.tokenRequests()).toBe(2);
    const [refused, accepted] = recorder.assertions.map((a) => decodeJwt(a).iat! * 1000);
    expect(Math.abs(refused! - Date.now())).toBeLessThan(CLOSE_MS + 1_000);
    expect(Math.abs(accepted! - (Date.now() + offset))).toBeLessThan(CLOSE_MS + 1_000);
    expect(Math.abs(connection.providerClock.offsetMs - offset)).toBeLessThan(CLOSE_MS);
  });

  it('retries only once: a certificate refused for another reason stays refused', async () => {
    await sandbox.shiftClock(0);
    const recorder = recordingFetch();
    const connection = await connectTo(
      {
        ...certificateClient(),
        credential: {
          kind: 'certificate',
          privateKeyPem: sandbox.clients.certDaemon.privateKeyPem,
          thumbprintSha1Hex: 'AA'.repeat(20),
        },
      },
      recorder.fetch,
    );
    await sandbox.shiftClock(offset);
    const error = await failure(acquireWithClientCredentials(connection, { target: apiTarget() }));
    expect(error?.code).toBe('invalid_client');
    expect(error?.providerErrorDescription).toMatch(/x5t/);
    expect(recorder.tokenRequests()).toBe(2);
  });

  it('does not retry an invalid_client of a secret client: its secret carries no time', async () => {
    await sandbox.shiftClock(0);
    const recorder = recordingFetch();
    const connection = await connectTo(
      {
        clientId: sandbox.clients.daemon.clientId,
        credential: { kind: 'secret', secret: 'wrong' },
      },
      recorder.fetch,
    );
    await sandbox.shiftClock(offset);
    const error = await failure(acquireWithClientCredentials(connection, { target: apiTarget() }));
    expect(error?.code).toBe('invalid_client');
    expect(recorder.tokenRequests()).toBe(1);
  });

  it('validates ID tokens on the provider’s clock (openid-client clockSkew)', async () => {
    await sandbox.shiftClock(offset);
    const ada = sandbox.users[0]!;
    const connection = await connectTo({
      clientId: sandbox.clients.native.clientId,
      credential: { kind: 'none' },
    });
    const tokens = await signInWithPassword(connection, {
      target: apiTarget(),
      username: ada.username,
      password: ada.password,
    });
    const idToken = decodeJwt(tokens.idToken!);
    expect(Math.abs(idToken.iat! * 1000 - (Date.now() + offset))).toBeLessThan(CLOSE_MS + 1_000);
    expect(tokens.account.userId).toBe(ada.username);
  });
});

it('without the learned skew, a 5-minute ID token from a provider 10 minutes behind is refused as expired', async () => {
  await sandbox.shiftClock(-TEN_MINUTES);
  const ada = sandbox.users[0]!;
  const config = await oidc.discovery(
    new URL(sandbox.issuer),
    sandbox.clients.native.clientId,
    undefined,
    oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
  const error = toTokenDockError(
    await oidc
      .genericGrantRequest(config, 'password', {
        resource: sandbox.resources.api.identifier,
        scope: 'openid',
        username: ada.username,
        password: ada.password,
      })
      .catch((e: unknown) => e),
  );
  expect(error.code).toBe('id_token_invalid');
});
