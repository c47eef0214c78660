import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Dispatcher } from '../../app/host/dispatcher';
import { ProxyLogins } from '../../app/host/proxy-login';
import { Engine } from '../../app/engine';
import type { Notifier } from '../../app/ports';
import { startSandbox, type SandboxProvider } from '../../app/sandbox';
import { AesGcmCipher, openVault } from '../../app/vault';
import { RecordingClipboard } from '../support/engine-harness';
import { bridgeScript } from './bridge-client';
import { BRIDGE_SOCKET_PATH, createBridgeSocket } from './bridge-socket';
import { browserPorts } from './browser-ports';
import { startRendererServer } from './http-server';
import { PageQueue } from './page-queue';
import { loadRendererIndex } from './renderer-files';

export interface WebHostOptions {
  /** Chromium, for the pages the host opens for the person (`@playwright/test`'s works too). */
  browser: Browser;
  /** The sandbox provider's access token lifetime; default 3600. */
  accessTokenTtlSeconds?: number;
  /** The engine's clipboard clear delay; default the engine's (30). */
  clipboardClearSeconds?: number;
  /** Pretend the OS protects nothing (Linux `basic_text`): secrets stay in memory by default. */
  unprotectedStorage?: boolean;
  /** The folder the host's data goes in (a fresh temporary one by default). */
  dataParent?: string;
}

/** A running web test host: the real engine and sandbox, and the renderer with its bridge. */
export interface WebHost {
  /** `http://127.0.0.1:<random port>/`: the renderer bundle, bridge injected. */
  url: string;
  /** Proxy sign-in questions: a test plays the proxy with `challenge(…)`. */
  proxyLogins: ProxyLogins;
  /** Started by the host; tests read its users, passwords and clients. */
  sandbox: SandboxProvider;
  /** The real engine behind the bridge. */
  engine: Engine;
  /** What the engine wrote to the clipboard: the current text and every write in order. */
  clipboard: { text: string; writes: string[] };
  /** Every desktop notification the engine sent. */
  notifications: Array<{ title: string; body: string }>;
  /**
   * Resolves with the next page the host opened for the person (the embedded sign-in window, a
   * system-browser page, a device-code verification page), already loaded. The test plays the
   * person there. Each page is handed out once, in the order they opened.
   */
  nextAuthPage(): Promise<Page>;
  close(): Promise<void>;
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

/**
 * Starts a web test host: the sandbox provider, the real engine on a fresh vault in a temporary
 * folder (AES-256-GCM cipher), the shared `Dispatcher`, and an HTTP server on 127.0.0.1 serving
 * the production renderer bundle (`out/renderer`) with `window.tokendock` forwarding the contract
 * over a WebSocket guarded by a random per-start secret and the host's origin. Engine events are
 * pushed to the page as `engine:event`.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const index = await loadRendererIndex();
  const { version } = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string };
  const cleanups: Array<() => unknown> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const directory = await mkdtemp(join(options.dataParent ?? tmpdir(), 'tokendock-web-host-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const sandbox = await startSandbox(
      options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {},
    );
    cleanups.push(() => sandbox.close());
    const pages = new PageQueue();
    cleanups.push(() => pages.close());
    const ports = browserPorts(options.browser, pages);
    const clipboard = new RecordingClipboard();
    const notifications: WebHost['notifications'] = [];
    const notifier: Notifier = {
      notify: ({ title, body }) => void notifications.push({ title, body }),
    };
    const cipher = options.unprotectedStorage
      ? new AesGcmCipher(undefined, { isProtected: false, backend: 'basic_text' })
      : new AesGcmCipher();

    const vault = openVault({ directory: join(directory, 'store'), cipher });
    const engine = new Engine({
      vault,
      fetch: globalThis.fetch,
      clipboard,
      notifier,
      authWindow: ports.authWindow,
      externalBrowser: ports.externalBrowser,
      sandboxIssuer: async () => sandbox.issuer,
    });
    if (options.clipboardClearSeconds !== undefined) {
      await engine.updateSettings({ clipboardClearSeconds: options.clipboardClearSeconds });
    }

    const secret = randomBytes(32).toString('base64url');
    let origin = '';
    const proxyLogins = new ProxyLogins({
      publish: (questions) => bridge.push('proxy-login:questions', { questions }),
    });
    cleanups.push(() => proxyLogins.dispose());
    const dispatcher = new Dispatcher({
      engine,
      proxyLogins,
      appInfo: { name: 'TokenDock', version, platform: process.platform },
      sandbox: async () => sandbox,
      push: (channel, payload) => bridge.push(channel, payload),
      openVerificationPage: ports.openVerificationPage,
    });
    const bridge = createBridgeSocket({
      secret,
      origin: () => origin,
      dispatch: (channel, payload) => dispatcher.dispatch(channel, payload),
    });
    cleanups.push(engine.subscribe((event) => bridge.push('engine:event', event)));
    engine.start();
    cleanups.push(async () => {
      await engine.stop();
      await vault.close();
    });

    const server = await startRendererServer({
      index,
      bridge,
      bridgeScript: (at) =>
        bridgeScript(`${at.replace(/^http/, 'ws')}${BRIDGE_SOCKET_PATH}?secret=${secret}`),
    });
    cleanups.push(
      () => server.close(),
      () => bridge.close(),
    );
    origin = server.origin;

    let closing: Promise<void> | undefined;
    return {
      url: `${server.origin}/`,
      proxyLogins,
      sandbox,
      engine,
      clipboard,
      notifications,
      nextAuthPage: () => pages.next(),
      close: () => (closing ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
