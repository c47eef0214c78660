import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import type { EngineEvent } from '../../app/contract/events';
import type { TokenDockBridge } from '../../app/contract/channels';
import { passwordAccount } from '../support/engine-harness';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { invokeInPage, invokeRawInPage, valueOf } from '../web-host/page-bridge';
import { expect, test, type WebHost } from './fixtures';

type TestWindow = { tokendock: TokenDockBridge; events: EngineEvent[]; stop: () => void };

/** The status of a raw GET (no URL normalisation, unlike fetch). */
function rawStatus(host: WebHost, path: string): Promise<number> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    httpRequest({ hostname, port, path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** Opens a WebSocket to the bridge from Node; resolves 'open' or the HTTP status it got instead. */
function tryBridgeSocket(host: WebHost, query: string, origin?: string): Promise<'open' | number> {
  const url = `${new URL(host.url).origin.replace(/^http/, 'ws')}/__bridge?${query}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });
}

/** The per-start secret: the fragment of the URL the host prints. */
function bridgeSecret(host: WebHost): string {
  const secret = new URL(host.url).hash.slice(1);
  if (!secret) throw new Error('the host URL carries no secret');
  return secret;
}

/** The status of a raw request with the given Host header (and an upgrade, if asked). */
function statusWithHost(host: WebHost, hostHeader: string, upgrade = false): Promise<number> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      hostname,
      port,
      path: upgrade ? `/__bridge?secret=${bridgeSecret(host)}` : '/',
      headers: {
        host: hostHeader,
        ...(upgrade
          ? {
              connection: 'Upgrade',
              upgrade: 'websocket',
              'sec-websocket-version': '13',
              'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            }
          : {}),
      },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject).end();
  });
}

test.describe('web test host', () => {
  test('serves the bundle with the bridge first, its CSP as a header, and nothing outside', async ({
    host,
  }) => {
    const response = await fetch(host.url);
    const html = await response.text();
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const bridgeAt = html.indexOf('<script src="/__tokendock-bridge.js"></script>');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(html.indexOf('<script type="module"'));

    const script = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
    const asset = await fetch(new URL(script!, host.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const bridge = await fetch(new URL('__tokendock-bridge.js', host.url));
    expect(bridge.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    for (const path of [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/%00',
      '/assets',
      '/nothing-here.js',
    ]) {
      expect(await rawStatus(host, path), path).toBe(404);
    }
    expect(await rawStatus(host, '/%E0%A4%A')).toBe(400);
  });

  test('answers app:info through the WebSocket', async ({ page, host }) => {
    const sockets: string[] = [];
    const frames: string[] = [];
    page.on('websocket', (ws) => {
      sockets.push(new URL(ws.url()).pathname);
      ws.on('framesent', (frame) => void frames.push(String(frame.payload)));
    });
    await page.goto(host.url);
    expect(await page.evaluate(() => typeof (window as unknown as TestWindow).tokendock)).toBe(
      'object',
    );
    const info = valueOf(await invokeInPage(page, 'app:info', {}));
    expect(info).toMatchObject({ name: 'TokenDock', version: expect.any(String) });
    expect(sockets).toEqual(['/__bridge']);
    expect(frames.some((f) => f.includes('"channel":"app:info"'))).toBe(true);
  });

  test('queues calls made before the socket is open', async ({ page, host }) => {
    // Call the bridge in the same task that created its socket: it cannot be open yet.
    await page.route('**/__tokendock-bridge.js', async (route) => {
      const response = await route.fetch();
      const early = "window.early = window.tokendock.invoke('app:info', {});";
      await route.fulfill({ response, body: `${await response.text()}\n${early}\n` });
    });
    await page.goto(host.url);
    const answer = await page.evaluate(() => (window as unknown as { early: unknown }).early);
    expect(answer).toMatchObject({ ok: true, value: { name: 'TokenDock' } });
  });

  test('sandbox:try adds the six demo accounts, and accounts:list shows them', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    const tried = valueOf(await invokeInPage(page, 'sandbox:try', {}));
    expect(tried.issuer).toBe(host.sandbox.issuer);
    expect(tried.added).toHaveLength(6);
    const listed = valueOf(await invokeInPage(page, 'accounts:list', {}));
    expect(listed.map((a) => a.name).sort()).toEqual(tried.added.map((a) => a.name).sort());
    expect(listed.find((a) => a.name === 'Sandbox · daemon (secret)')?.state).toBe('valid');
  });

  test('refuses malformed payloads and unknown channels with invalid_request', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    for (const [channel, payload] of [
      ['accounts:remove', { accountId: '../../etc' }],
      ['accounts:list', { extra: true }],
      ['tokens:copy', { accountId: 'a', targetId: 'b', format: 'pdf' }],
      ['app:info', undefined],
      ['no:such-channel', {}],
    ] as const) {
      const answer = await invokeRawInPage(page, channel, payload);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    // The dispatcher refuses too when the bridge script is bypassed.
    const secret = bridgeSecret(host);
    const ws = new WebSocket(
      `${new URL(host.url).origin.replace(/^http/, 'ws')}/__bridge?secret=${secret}`,
    );
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    ws.send(JSON.stringify({ id: 7, channel: 'no:such-channel', payload: {} }));
    expect(JSON.parse(await reply)).toMatchObject({
      id: 7,
      envelope: { ok: false, error: { code: 'invalid_request' } },
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });

  test('keeps the secret out of what it serves and off the address bar', async ({ page, host }) => {
    const secret = bridgeSecret(host);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const script = await (await fetch(new URL('__tokendock-bridge.js', host.url))).text();
    const html = await (await fetch(new URL('/', host.url))).text();
    expect(script).not.toContain(secret);
    expect(html).not.toContain(secret);

    await page.goto(host.url);
    valueOf(await invokeInPage(page, 'app:info', {}));
    expect(page.url()).toBe(`${new URL(host.url).origin}/`);
    // A reload of the same tab goes on working (the secret stays in that tab's session storage).
    await page.reload();
    valueOf(await invokeInPage(page, 'app:info', {}));

    // A page opened without the secret reaches nothing.
    const stranger = await page.context().browser()!.newPage();
    try {
      await stranger.goto(new URL('/', host.url).href);
      const answer = await invokeRawInPage(stranger, 'accounts:list', {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'network' } });
    } finally {
      await stranger.close();
    }
  });

  test('refuses requests naming another Host (DNS rebinding)', async ({ host }) => {
    const { host: own } = new URL(host.url);
    expect(await statusWithHost(host, own)).toBe(200);
    expect(await statusWithHost(host, 'evil.example')).toBe(421);
    expect(await statusWithHost(host, `evil.example:${new URL(host.url).port}`)).toBe(421);
    expect(await statusWithHost(host, 'evil.example', true)).toBe(421);
    expect(await statusWithHost(host, own, true)).toBe(101);
  });

  test('survives a message over the size cap and a reset refusal, and goes on answering', async ({
    page,
    host,
  }) => {
    const secret = bridgeSecret(host);
    const wsUrl = `${new URL(host.url).origin.replace(/^http/, 'ws')}/__bridge?secret=${secret}`;
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009); // "message too big"
    // A refused upgrade whose peer resets at once.
    const { hostname, port } = new URL(host.url);
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          'GET /__bridge?secret=wrong HTTP/1.1\r\nHost: ' +
            `${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', () => resolve());
    });
    await page.goto(host.url);
    expect(valueOf(await invokeInPage(page, 'app:info', {}))).toMatchObject({ name: 'TokenDock' });
  });

  test('refuses a WebSocket with a wrong secret or a foreign origin', async ({ host }) => {
    const secret = bridgeSecret(host);
    expect(await tryBridgeSocket(host, 'secret=wrong')).toBe(403);
    expect(await tryBridgeSocket(host, '')).toBe(403);
    expect(await tryBridgeSocket(host, `secret=${secret}`, 'http://evil.example')).toBe(403);
    expect(await tryBridgeSocket(host, `secret=${secret}`, 'http://127.0.0.1:1')).toBe(403);
    expect(await tryBridgeSocket(host, `secret=${secret}`, new URL(host.url).origin)).toBe('open');
  });

  test('pushes engine events to on("engine:event") until unsubscribed', async ({ page, host }) => {
    await page.goto(host.url);
    await page.evaluate(() => {
      const w = window as unknown as TestWindow;
      w.events = [];
      w.stop = w.tokendock.on('engine:event', (event) => void w.events.push(event));
    });
    const added = await host.engine.addAccount(passwordAccount(host.sandbox, 'Pushed'));
    await expect
      .poll(() => page.evaluate(() => (window as unknown as TestWindow).events))
      .toContainEqual({ type: 'account-added', accountId: added.id });

    await page.evaluate(() => (window as unknown as TestWindow).stop());
    await host.engine.removeAccount(added.id);
    await page.waitForTimeout(300);
    const events = await page.evaluate(() => (window as unknown as TestWindow).events);
    expect(events.some((e) => e.type === 'account-removed')).toBe(false);
  });

  test('signs in the browser demo account in an embedded window, then copies its token', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    const { added } = valueOf(await invokeInPage(page, 'sandbox:try', {}));
    const account = added.find((a) => a.name === 'Sandbox · browser sign-in')!;
    expect(account.state).toBe('signed-out');

    const signedIn = invokeInPage(page, 'accounts:sign-in', { accountId: account.id });
    const signInPage = await host.nextAuthPage();
    await expect(signInPage.getByLabel('Username')).toBeVisible();
    await signInAtSandbox(signInPage, host.sandbox.users[0]!);
    const view = valueOf(await signedIn);
    expect(view.state).toBe('valid');
    expect(view.identity).toBeDefined();

    const target = view.targets[0]!;
    const copied = valueOf(
      await invokeInPage(page, 'tokens:copy', {
        accountId: account.id,
        targetId: target.id,
        format: 'raw',
      }),
    );
    expect(copied.expiresOn).toBeGreaterThan(Date.now());
    const { accessToken } = valueOf(
      await invokeInPage(page, 'tokens:reveal', { accountId: account.id, targetId: target.id }),
    );
    expect(host.clipboard.text).toBe(accessToken);
    expect(host.clipboard.writes).toEqual([accessToken]);
  });

  test('pushes the device code, and opens its verification page for the person', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    const { added } = valueOf(await invokeInPage(page, 'sandbox:try', {}));
    const account = added.find((a) => a.name === 'Sandbox · device code')!;
    await page.evaluate(() => {
      const w = window as unknown as TestWindow & { prompts: unknown[] };
      w.prompts = [];
      w.tokendock.on('sign-in:device-code', (push) => void w.prompts.push(push));
    });

    const signedIn = invokeInPage(page, 'accounts:sign-in', { accountId: account.id });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { prompts: unknown[] }).prompts))
      .toEqual([
        {
          accountId: account.id,
          prompt: expect.objectContaining({ userCode: expect.any(String) }),
        },
      ]);
    valueOf(
      await invokeInPage(page, 'device-code:open', { accountId: account.id, browser: 'system' }),
    );
    const verification = await host.nextAuthPage();
    await verification.getByRole('button', { name: 'Confirm' }).click();
    await signInAtSandbox(verification, host.sandbox.users[0]!);
    expect(valueOf(await signedIn).state).toBe('valid');
  });
});

test.describe('web test host options', () => {
  test.use({ webHost: { unprotectedStorage: true, clipboardClearSeconds: 7 } });

  test('unprotected storage and the clipboard delay reach the engine', async ({ page, host }) => {
    await page.goto(host.url);
    expect(valueOf(await invokeInPage(page, 'storage:protection', {}))).toEqual({
      isProtected: false,
      backend: 'basic_text',
      secretsOnDisk: false,
      saving: { kind: 'ok' },
    });
    const settings = valueOf(await invokeInPage(page, 'settings:get', {}));
    expect(settings.clipboardClearSeconds).toBe(7);
  });
});
