import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProxyLogins } from '../../app/host/proxy-login';
import type { Engine } from '../../app/engine';
import { silentLogger, type Notifier } from '../../app/ports';
import { startSandbox, type SandboxProvider } from '../../app/sandbox';
import { AesGcmCipher } from '../../app/vault';
import { startServeHost } from '../../serve/host';
import { RecordingClipboard } from '../support/engine-harness';
import { browserPorts } from './browser-ports';
import { PageQueue } from './page-queue';

export interface WebHostOptions {
  /** Chromium, for the pages the host opens for the person (`@playwright/test`'s works too). */
  browser: Browser;
  /** The sandbox provider's access token lifetime; default 3600. */
  accessTokenTtlSeconds?: number;
  /** The sandbox provider's refresh token (and grant) lifetime; default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** The engine's clipboard clear delay; default the engine's (30). */
  clipboardClearSeconds?: number;
  /** Pretend the OS protects nothing (Linux `basic_text`): secrets stay in memory by default. */
  unprotectedStorage?: boolean;
  /** The folder the host's data goes in (a fresh temporary one by default). */
  dataParent?: string;
}

/** A running web test host: the real engine and sandbox, and the renderer with its bridge. */
export interface WebHost {
  /** `http://127.0.0.1:<random port>/#<secret>`: the renderer bundle, bridge injected. */
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
 * Starts a web test host: the headless host of `tokendock serve` (serve/host.ts) on a fresh
 * temporary folder (AES-256-GCM cipher) with test ports: the sandbox provider started here, the
 * pages for the person in Chromium (handed to the test), a recording clipboard and notifier.
 * `url` carries the per-start secret in its fragment, as the one `tokendock serve` prints.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { version } = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string };
  const cleanups: Array<() => unknown> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const directory = await mkdtemp(join(options.dataParent ?? tmpdir(), 'tokendock-web-host-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const sandbox = await startSandbox({
      ...(options.accessTokenTtlSeconds
        ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
        : {}),
      ...(options.refreshTokenTtlSeconds
        ? { refreshTokenTtlSeconds: options.refreshTokenTtlSeconds }
        : {}),
    });
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

    const host = await startServeHost({
      dataDirectory: join(directory, 'data'),
      cipher,
      version,
      sandbox: async () => sandbox,
      ports: { ...ports, clipboard, notifier },
      logger: silentLogger,
    });
    cleanups.push(() => host.close());
    if (options.clipboardClearSeconds !== undefined) {
      await host.engine.updateSettings({ clipboardClearSeconds: options.clipboardClearSeconds });
    }

    let closing: Promise<void> | undefined;
    return {
      url: host.url,
      proxyLogins: host.proxyLogins,
      sandbox,
      engine: host.engine,
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
