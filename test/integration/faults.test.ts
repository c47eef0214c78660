import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { connect } from '../../app/flows/connect';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import { tamperTokenResponses } from '../support/tampering-fetch';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ browser: false });
});
afterEach(() => f.sandbox.faults.clear());
afterAll(async () => {
  await f?.close();
});

const target = () => ({ kind: 'resource' as const, resource: f.sandbox.resources.api.identifier });
async function daemon(timeoutMs?: number) {
  const d = f.sandbox.clients.daemon;
  return f.connectClient(
    { clientId: d.clientId, credential: { kind: 'secret', secret: d.clientSecret } },
    timeoutMs ? { timeoutMs } : {},
  );
}
async function failureOf(promise: Promise<unknown>): Promise<TokenDockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenDockError);
  return error as TokenDockError;
}

describe('provider faults come out as clear errors, never half a token', () => {
  it('HTTP 500', async () => {
    const connection = await daemon();
    f.sandbox.faults.inject({ kind: 'status500' });
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('server_error');
    expect(error.httpStatus).toBe(500);
  });

  it('429 with Retry-After', async () => {
    const connection = await daemon();
    f.sandbox.faults.inject({ kind: 'status429', retryAfterSeconds: 7 });
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.toInfo()).toMatchObject({
      code: 'rate_limited',
      httpStatus: 429,
      retryAfterSeconds: 7,
    });
  });

  it('an HTML error page instead of JSON', async () => {
    const connection = await daemon();
    f.sandbox.faults.inject({ kind: 'html' });
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(['server_error', 'malformed_response']).toContain(error.code);
    expect(error.message).toMatch(/HTML/);
  });

  it('truncated JSON', async () => {
    const connection = await daemon();
    f.sandbox.faults.inject({ kind: 'truncatedJson' });
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('malformed_response');
  });

  it('a response slower than the timeout', async () => {
    const connection = await daemon(500);
    f.sandbox.faults.inject({ kind: 'slow', delayMs: 3000 });
    const started = Date.now();
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a 500 at discovery', async () => {
    f.sandbox.faults.inject({ kind: 'status500', path: '/.well-known/openid-configuration' });
    const error = await failureOf(daemon());
    expect(error.code).toBe('discovery_failed');
    expect(error.httpStatus).toBe(500);
  });
});

describe('token responses that are not usable are refused whole', () => {
  const tokenPath = () => new URL(`${f.sandbox.issuer}/token`).pathname;
  const daemonWith = (mutate: (body: Record<string, unknown>) => Record<string, unknown>) => {
    const d = f.sandbox.clients.daemon;
    return f.connectClient(
      { clientId: d.clientId, credential: { kind: 'secret', secret: d.clientSecret } },
      { fetch: tamperTokenResponses(globalThis.fetch, tokenPath(), mutate) },
    );
  };

  it('a response without access_token', async () => {
    const connection = await daemonWith(({ access_token: _dropped, ...rest }) => rest);
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toMatch(/access_token/);
  });

  it('a token type other than Bearer', async () => {
    const connection = await daemonWith((body) => ({ ...body, token_type: 'mac' }));
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('malformed_response');
  });

  it('a non-numeric expires_in', async () => {
    const connection = await daemonWith((body) => ({ ...body, expires_in: 'soon' }));
    const error = await failureOf(acquireWithClientCredentials(connection, { target: target() }));
    expect(error.code).toBe('malformed_response');
  });
});

describe('issuers that must be refused or cannot be reached', () => {
  const client = { clientId: 'x', credential: { kind: 'none' as const } };

  it('refuses a plain-http issuer that is not loopback, before any request', async () => {
    let requests = 0;
    const error = await failureOf(
      connect({ kind: 'oidc', issuer: 'http://id.example.com' }, client, {
        fetch: async () => {
          requests += 1;
          return new Response('{}');
        },
      }),
    );
    expect(error.code).toBe('insecure_issuer');
    expect(requests).toBe(0);
  });

  it('says network when nothing listens at the issuer', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const error = await failureOf(
      connect({ kind: 'oidc', issuer: `http://127.0.0.1:${port}` }, client, {
        fetch: globalThis.fetch,
      }),
    );
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('says discovery_failed when the metadata names another issuer', async () => {
    const server = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: 'https://elsewhere.example', token_endpoint: 'x' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const error = await failureOf(
        connect({ kind: 'oidc', issuer: `http://127.0.0.1:${port}` }, client, {
          fetch: globalThis.fetch,
        }),
      );
      expect(error.code).toBe('discovery_failed');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
