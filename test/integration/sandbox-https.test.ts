import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../app/sandbox';
import type { SandboxProvider } from '../../app/sandbox';

let sandbox: SandboxProvider;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tokendock-sandbox-https-'));
  sandbox = await startSandbox({ https: true, caFile: join(directory, 'ca.pem') });
});

afterAll(async () => {
  await sandbox?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/**
 * A fetch over `https.request` that trusts `ca` (Node 20's fetch cannot be given a CA: its undici
 * is not importable, so a process-wide NODE_EXTRA_CA_CERTS would be the only other way).
 */
function fetchTrusting(ca: string): client.CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(options.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = options.body === undefined || options.body === null ? '' : String(options.body);
      const req = request(url, { method: options.method, headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders.set(name, String(value));
          }
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 0,
              headers: responseHeaders,
            }),
          );
        });
      });
      req.on('error', reject);
      req.end(body);
    });
}

describe('the sandbox over https', () => {
  it('serves on https://127.0.0.1 with a CA made at start, also written to caFile', async () => {
    expect(sandbox.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.caPem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(sandbox.caFile).toBe(join(directory, 'ca.pem'));
    expect(await readFile(join(directory, 'ca.pem'), 'utf8')).toBe(sandbox.caPem);
    const ca = new X509Certificate(sandbox.caPem!);
    expect(ca.ca).toBe(true);
    expect(new Date(ca.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it('is discovered and issues a client-credentials token to a client trusting the CA', async () => {
    const config = await client.discovery(
      new URL(sandbox.issuer),
      sandbox.clients.daemon.clientId,
      {},
      client.ClientSecretBasic(sandbox.clients.daemon.clientSecret),
      { [client.customFetch]: fetchTrusting(sandbox.caPem!) },
    );
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(sandbox.issuer);
    expect(metadata.token_endpoint).toBe(`${sandbox.issuer}/token`);
    expect(metadata.jwks_uri).toBe(sandbox.jwksUri);

    const tokens = await client.clientCredentialsGrant(config, {
      resource: sandbox.resources.api.identifier,
    });
    const claims = decodeJwt(tokens.access_token);
    expect(claims.iss).toBe(sandbox.issuer);
    expect(claims.aud).toBe(sandbox.resources.api.identifier);
    expect(claims.client_id).toBe(sandbox.clients.daemon.clientId);
    expect(tokens.expires_in).toBeGreaterThan(0);
  });

  it('is refused by a client that does not trust the CA', async () => {
    const failure: unknown = await fetch(`${sandbox.issuer}/.well-known/openid-configuration`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: string } }).cause?.code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/,
    );
  });

  it('refuses caFile without https', async () => {
    await expect(startSandbox({ caFile: join(directory, 'x.pem') })).rejects.toThrow(RangeError);
  });
});
