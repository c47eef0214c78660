import type { App } from 'electron';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { toTokenDockError } from '../../app/errors/translate';
import { connect } from '../../app/flows/connect';
import { Dispatcher, type HostServices } from '../../app/host/dispatcher';
import { ProxyLogins } from '../../app/host/proxy-login';
import { net } from '../electron/fake/net';

/**
 * main/electron-fetch.ts (the engine's Fetch port in the desktop app) against the fake `net`,
 * which fails and redirects as Electron does (docs/api/net.md, docs/api/client-request.md).
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);

const { electronFetch, createElectronFetch } = await import('../../main/electron-fetch');
const { installProxyLogin } = await import('../../main/proxy-login');
const { app } = await import('../electron/fake/app');

let server: Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  // "The net API can be used only after the application emits the ready event" (net.md).
  await app.whenReady();
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/ok', 'x-why': 'moved' });
        response.end('moved');
      } else if (request.url === '/ok') {
        response.setHeader('set-cookie', ['a=1', 'b=2']);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      } else if (request.url === '/echo') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            method: request.method,
            contentType: request.headers['content-type'],
            authorization: request.headers.authorization,
            body,
          }),
        );
      } else if (request.url === '/silent') {
        // never answers
      } else if (request.url === '/.well-known/openid-configuration') {
        response.writeHead(302, { location: 'https://elsewhere.example/' });
        response.end();
      } else {
        response.writeHead(404);
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  net.reset();
  seen.length = 0;
});

describe('Electron net failures reach the engine as Chromium names it', () => {
  it('a net::ERR_INTERNET_DISCONNECTED rejection becomes a transient `network` error', async () => {
    net.failNext('ERR_INTERNET_DISCONNECTED');
    const error = await electronFetch(`${base}/ok`).catch((e: unknown) => e);
    // Electron's shape: a plain Error named after Chromium's error, not a TypeError with a code.
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('net::ERR_INTERNET_DISCONNECTED');
    const translated = toTokenDockError(error, 'Refresh');
    expect(translated.code).toBe('network');
    expect(translated.message).toContain('net::ERR_INTERNET_DISCONNECTED');
  });

  it('discovery through openid-client keeps `network`, not `discovery_failed`', async () => {
    net.failNext('ERR_NAME_NOT_RESOLVED');
    const error = await connect(
      { kind: 'oidc', issuer: base },
      { clientId: 'c', credential: { kind: 'none' } },
      { fetch: electronFetch },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).code).toBe('network');
  });

  it('a certificate failure at discovery says `tls_failed` with its hint', async () => {
    net.failNext('ERR_CERT_AUTHORITY_INVALID');
    const error = (await connect(
      { kind: 'oidc', issuer: base },
      { clientId: 'c', credential: { kind: 'none' } },
      { fetch: electronFetch },
    ).catch((e: unknown) => e)) as TokenDockError;
    expect(error.code).toBe('tls_failed');
    expect(error.hint).toMatch(/TLS-inspecting proxy/);
  });

  it('a real connection failure is named by Chromium too (the fake maps Node’s)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await electronFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect((error as Error).message).toBe('net::ERR_CONNECTION_REFUSED');
    expect(toTokenDockError(error).code).toBe('network');
  });

  it('a timeout rejects with the signal’s reason, which the engine reads as `timeout`', async () => {
    const error = await electronFetch(`${base}/silent`, {
      signal: AbortSignal.timeout(100),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(toTokenDockError(error).code).toBe('timeout');
  });
});

describe('redirects', () => {
  it('with redirect: "manual" (as oauth4webapi asks) a 302 comes back as a 302 Response', async () => {
    const response = await electronFetch(`${base}/redirect`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/ok');
    expect(response.headers.get('x-why')).toBe('moved');
    // Not followed.
    expect(seen).toEqual(['GET /redirect']);
  });

  it('(the fake is faithful: net.fetch itself rejects a manual redirect)', async () => {
    await expect(net.fetch(`${base}/redirect`, { redirect: 'manual' })).rejects.toThrow(
      'Redirect was cancelled',
    );
  });

  it('a provider whose metadata redirects is a discovery failure, not an unexpected error', async () => {
    const error = (await connect(
      { kind: 'oidc', issuer: base },
      { clientId: 'c', credential: { kind: 'none' } },
      { fetch: electronFetch },
    ).catch((e: unknown) => e)) as TokenDockError;
    expect(error.code).toBe('discovery_failed');
    expect(error.message).not.toContain('Redirect was cancelled');
  });

  it('follows redirects by default, as fetch does', async () => {
    const response = await electronFetch(`${base}/redirect`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('requests and responses', () => {
  it('sends the method, headers and a form body; reads status, headers and body', async () => {
    const response = await electronFetch(`${base}/echo`, {
      method: 'POST',
      headers: { authorization: 'Basic abc' },
      body: new URLSearchParams({ grant_type: 'refresh_token', a: 'b c' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      authorization: 'Basic abc',
      body: 'grant_type=refresh_token&a=b+c',
    });
    const ok = await electronFetch(`${base}/ok`);
    expect(ok.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('refuses anything but http(s)', async () => {
    const error = await electronFetch('file:///etc/passwd').catch((e: unknown) => e);
    expect((error as TokenDockError).code).toBe('invalid_configuration');
  });
});

describe('a proxy that asks for credentials', () => {
  const proxy = { host: 'proxy.corp.example', port: 8080, realm: 'Corp' };

  it('without a login handler the challenge is cancelled: the proxy’s 407, read as `network`', async () => {
    net.requireProxyCredentials({ ...proxy, username: 'ada', password: 'pw' });
    const response = await electronFetch(`${base}/ok`);
    expect(response.status).toBe(407);
    expect(seen).toEqual([]);
  });

  it('asks the person through ProxyLogins, waits, and goes on with the answer', async () => {
    net.requireProxyCredentials({ ...proxy, username: 'ada', password: 'pw' });
    const logins = new ProxyLogins({ publish: () => undefined, newId: () => 'q1' });
    const installed = installProxyLogin(
      app as unknown as Pick<App, 'on' | 'removeListener'>,
      logins,
    );
    const dispatcher = new Dispatcher({ proxyLogins: logins } as unknown as HostServices);
    try {
      const fetch = createElectronFetch({ onLogin: installed.onRequestLogin });
      const pending = fetch(`${base}/ok`);
      const second = fetch(`${base}/echo`);
      await vi.waitFor(() => expect(logins.pending()).toHaveLength(1));
      expect(logins.pending()[0]).toMatchObject({ host: 'proxy.corp.example', port: 8080 });
      expect(seen).toEqual([]);
      await dispatcher.dispatch('proxy-login:answer', {
        id: 'q1',
        answer: 'credentials',
        username: 'ada',
        password: 'pw',
      });
      expect((await pending).status).toBe(200);
      expect((await second).status).toBe(200);
      // The session keeps the proxy's credentials: later requests are not asked.
      expect((await fetch(`${base}/ok`)).status).toBe(200);
      expect(logins.pending()).toEqual([]);
    } finally {
      installed.uninstall();
    }
  });
});
