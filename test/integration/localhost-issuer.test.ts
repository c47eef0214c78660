import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { connect } from '../../app/flows/connect';
import { daemonAccount, startHarness, type Harness } from '../support/engine-harness';
import { failure } from '../support/failure';
import type { Fixture } from '../support/sandbox-fixture';
import { startSandbox } from '../../app/sandbox/start';
import type { Browser } from 'playwright-core';

/**
 * The real sandbox provider with its issuer on `http://localhost:<port>`, as Keycloak and most
 * development providers run. Before, `http://localhost` issuers were refused (`insecure_issuer`)
 * by the engine and the form alike.
 */
let f: Fixture;
beforeAll(async () => {
  const sandbox = await startSandbox({ issuerHost: 'localhost' });
  f = {
    sandbox,
    browser: undefined as unknown as Browser,
    connectClient: (client, http) =>
      connect({ kind: 'oidc', issuer: sandbox.issuer }, client, { fetch, ...http }),
    close: () => sandbox.close(),
  };
});
afterAll(async () => {
  await f?.close();
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('http://localhost issuers', () => {
  it('the sandbox serves an issuer on localhost', () => {
    expect(f.sandbox.issuer).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('a client signs in with client credentials at a localhost issuer', async () => {
    const daemon = f.sandbox.clients.daemon;
    const urls: string[] = [];
    const connection = await connect(
      { kind: 'oidc', issuer: f.sandbox.issuer },
      {
        clientId: daemon.clientId,
        credential: { kind: 'secret', secret: daemon.clientSecret, method: 'client_secret_basic' },
      },
      {
        fetch: async (input, init) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      },
    );
    expect(connection.authority.allowInsecureRequests).toBe(true);
    const tokens = await acquireWithClientCredentials(connection, {
      target: { kind: 'resource', resource: f.sandbox.resources.api.identifier },
    });
    expect(decodeJwt(tokens.accessToken)).toMatchObject({
      iss: f.sandbox.issuer,
      sub: daemon.clientId,
      aud: f.sandbox.resources.api.identifier,
    });
    // Every request went to the localhost issuer's own origin.
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(new URL(url).origin).toBe(f.sandbox.issuer);
  });

  it('the engine adds a client-credentials account at a localhost issuer and signs it in', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount({
      ...daemonAccount(f.sandbox, 'Keycloak-like'),
      authority: { kind: 'oidc', issuer: f.sandbox.issuer },
    });
    await h.engine.signIn(account.id);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
    const token = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeJwt(token.accessToken).iss).toBe(f.sandbox.issuer);
  });

  it('http://example.com is still refused, by connect and by the engine', async () => {
    const daemon = f.sandbox.clients.daemon;
    const error = await failure(
      connect(
        { kind: 'oidc', issuer: 'http://example.com' },
        { clientId: daemon.clientId, credential: { kind: 'none' } },
        { fetch: () => Promise.reject(new Error('nothing may be sent')) },
      ),
    );
    expect(error?.code).toBe('insecure_issuer');

    h = await startHarness(f);
    const refused = await failure(
      h.engine.addAccount({
        ...daemonAccount(f.sandbox, 'Plain http elsewhere'),
        authority: { kind: 'oidc', issuer: 'http://example.com' },
      }),
    );
    expect(refused?.code).toBe('invalid_configuration');
    expect(JSON.stringify(refused?.fields)).toMatch(/plain http/);
    expect(h.engine.listAccounts()).toEqual([]);
  });
});
