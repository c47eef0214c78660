import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { TRY_SECRET_POST_HINT } from '../../app/flows/client-auth';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import type { Fetch } from '../../app/ports';
import { STRICT_AUDIENCE_CERT_CLIENT_ID } from '../../app/sandbox/clients';
import { startHarness, type Harness } from '../support/engine-harness';
import { failure } from '../support/failure';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

/** The client authentication options through the engine and `completeGrant` (issue 11). */
let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

const apiTarget = () =>
  ({ kind: 'resource', resource: f.sandbox.resources.api.identifier }) as const;

it('a certificate account’s audience option reaches the assertion', async () => {
  h = await startHarness(f);
  const cert = f.sandbox.clients.certDaemon;
  const input: AccountInput = {
    name: 'Strict',
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: STRICT_AUDIENCE_CERT_CLIENT_ID,
    clientAuth: {
      kind: 'certificate',
      algorithm: 'RS256',
      certificatePem: cert.certificatePem,
      audience: 'issuer',
      sendChain: true,
    },
    certificateKeyPem: cert.privateKeyPem,
    targets: [{ label: 'API', target: apiTarget() }],
  };
  const account = await h.engine.addAccount(input);
  const refused = await failure(h.engine.signIn(account.id));
  expect(refused?.code).toBe('invalid_client');
  expect(refused?.providerErrorDescription).toMatch(/must be the token endpoint/);
  const byDefault = { ...input.clientAuth } as { audience?: string };
  delete byDefault.audience;
  await h.engine.updateAccount(account.id, {
    ...input,
    clientAuth: byDefault as AccountInput['clientAuth'],
  });
  await h.engine.signIn(account.id);
  expect(h.engine.getAccount(account.id).state).toBe('valid');
});

describe('a provider that does not decode client_secret_basic', () => {
  const tokenEndpoint = () => `${f.sandbox.issuer}/token`;
  const notDecoding: Fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    const value = headers.get('authorization');
    if (String(input) === tokenEndpoint() && value?.startsWith('Basic ')) {
      const [id = '', secret = ''] = atob(value.slice(6)).split(':');
      headers.set(
        'authorization',
        `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
      );
    }
    return fetch(input, { ...init, headers });
  };

  it('refuses the daemon, and the error says to try client_secret_post', async () => {
    const { clientId, clientSecret } = f.sandbox.clients.daemon;
    const connection = await f.connectClient(
      { clientId, credential: { kind: 'secret', secret: clientSecret, method: 'automatic' } },
      { fetch: notDecoding },
    );
    const error = await failure(acquireWithClientCredentials(connection, { target: apiTarget() }));
    expect(error).toBeInstanceOf(TokenDockError);
    expect(error?.code).toBe('invalid_client');
    expect(error?.hint).toBe(TRY_SECRET_POST_HINT);
  });
});
