import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type AccountInput } from '../../app/engine';
import { signInWithAuthorizationCode } from '../../app/flows/authorization-code';
import type { ExternalBrowser } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { failure } from '../support/failure';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { apiTarget, nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { freePort } from '../support/free-port';

/**
 * System-browser sign-in on a fixed loopback port and path (RFC 8252 §7.3), for providers that
 * match the registered redirect URI exactly. The system browser is played by Chromium.
 */

let f: Fixture;
let context: BrowserContext;
beforeAll(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await context?.close();
});
afterAll(async () => {
  await f?.close();
});

const ada = () => f.sandbox.users[0]!;

/** A port some other program holds until `close`. */
const takenPort = () =>
  new Promise<{ port: number; server: Server }>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as { port: number }).port, server }),
    );
  });

/** A browser that opens the page and signs Ada in (or, with `person: false`, only opens it). */
const systemBrowser = async (person = true) => {
  context = await f.browser.newContext();
  const opened: string[] = [];
  const browser: ExternalBrowser = {
    open: async (url) => {
      opened.push(url);
      const page = await context.newPage();
      await page.goto(url);
      if (person) void signInAtSandbox(page, ada()).catch(() => undefined);
    },
  };
  return { browser, opened };
};

describe('system browser on a fixed loopback port (flow)', () => {
  it('listens exactly on the port and path given and sends that redirect URI', async () => {
    const port = await freePort();
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { browser, opened } = await systemBrowser();
    const tokens = await signInWithAuthorizationCode(connection, {
      target: apiTarget(f.sandbox),
      mode: { kind: 'system-browser', browser, port, redirectPath: '/callback' },
    });
    expect(decodeJwt(tokens.accessToken).sub).toBe(ada().sub);
    expect(new URL(opened[0]!).searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${port}/callback`,
    );
    const page = context.pages()[0]!;
    expect(new URL(page.url()).port).toBe(String(port));
    await expect(page.getByRole('heading', { name: 'Signed in' }).textContent()).resolves.toBe(
      'Signed in',
    );
  });

  it('refuses a port in use with a clear error, before opening the browser', async () => {
    const { port, server } = await takenPort();
    try {
      const connection = await f.connectClient(nativeClient(f.sandbox));
      const { browser, opened } = await systemBrowser();
      const error = await failure(
        signInWithAuthorizationCode(connection, {
          target: apiTarget(f.sandbox),
          mode: { kind: 'system-browser', browser, port },
        }),
      );
      expect(error?.code).toBe('invalid_configuration');
      expect(error?.message).toBe(
        `Port ${port} on 127.0.0.1 is already in use, so the sign-in's answer cannot be received there.`,
      );
      expect(error?.hint).toContain("choose another port in the account's redirect URI");
      expect(opened).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('system browser on a fixed loopback port (engine)', () => {
  let directory: string;
  let vault: Vault;
  let engine: Engine;

  const start = async (browser: ExternalBrowser) => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-fixed-port-'));
    vault = openVault({ directory: join(directory, 'store'), cipher: new AesGcmCipher() });
    engine = new Engine({
      vault,
      fetch: globalThis.fetch,
      clipboard: { writeText: () => undefined, readText: () => '' },
      notifier: { notify: () => undefined },
      externalBrowser: browser,
      sandboxIssuer: async () => f.sandbox.issuer,
    });
    engine.start();
  };
  afterEach(async () => {
    await engine?.stop();
    await vault?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const account = (redirectUri: string): AccountInput => ({
    name: 'Ada (system browser)',
    authority: { kind: 'sandbox' },
    flow: 'authorization_code',
    clientId: f.sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    signInMode: 'system-browser',
    redirectUri,
    targets: [{ label: 'API', target: apiTarget(f.sandbox) }],
  });

  it("signs in on the account's redirect URI exactly", async () => {
    const port = await freePort();
    const { browser, opened } = await systemBrowser();
    await start(browser);
    const added = await engine.addAccount(account(`http://127.0.0.1:${port}/callback`));
    const signedIn = await engine.signIn(added.id);
    expect(signedIn.state).toBe('valid');
    expect(new URL(opened[0]!).searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${port}/callback`,
    );
  });

  it('shows the redirect URI to register when nothing comes back, and cancel still works', async () => {
    const port = await freePort();
    const { browser } = await systemBrowser(false);
    await start(browser);
    const added = await engine.addAccount(account(`http://127.0.0.1:${port}/callback`));
    const steps: string[] = [];
    const controller = new AbortController();
    const hint = `Nothing has come back yet. If the provider shows an error, register this redirect URI: http://127.0.0.1:${port}/callback`;
    const signingIn = failure(
      engine.signIn(added.id, {
        redirectHintAfterMs: 200,
        signal: controller.signal,
        onProgress: (step) => {
          steps.push(step);
          if (step === hint) controller.abort();
        },
      }),
    );
    const error = await signingIn;
    expect(steps).toContain('Waiting for you to sign in in your browser…');
    expect(steps.at(-1)).toBe(hint);
    expect(error?.code).toBe('cancelled');
    // The listener is gone: the port is free again.
    await expect(fetch(`http://127.0.0.1:${port}/callback?code=x`)).rejects.toThrow();
  });

  it('refuses a system-browser redirect URI it cannot listen on, as a field error', async () => {
    const { browser } = await systemBrowser(false);
    await start(browser);
    const error = await failure(engine.addAccount(account('https://app.example.com/callback')));
    expect(error?.code).toBe('invalid_configuration');
    expect(error?.fields?.redirectUri).toContain('http://127.0.0.1:8400/callback');
    expect(engine.listAccounts()).toEqual([]);
  });
});
