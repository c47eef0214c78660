import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../app/engine';
import { Dispatcher } from '../app/host/dispatcher';
import { createFileLogger } from '../app/host/file-logger';
import { lazyOnce } from '../app/host/lazy';
import { ProxyLogins } from '../app/host/proxy-login';
import type {
  AuthWindow,
  Cipher,
  Clipboard,
  ExternalBrowser,
  Logger,
  Notifier,
} from '../app/ports';
import type { SandboxProvider } from '../app/sandbox';
import { openVault } from '../app/vault';
import { bridgeScript } from './bridge-client';
import { BRIDGE_SOCKET_PATH, createBridgeSocket, type BridgeSocket } from './bridge-socket';
import { startRendererServer } from './http-server';
import { PageClipboard } from './page-clipboard';
import { loadRendererIndex, RENDERER_DIR } from './renderer-files';
import { nodeExternalBrowser } from './system-browser';

/** The ports a host may put in place of the headless host's own (the web test host's Chromium). */
export interface ServePorts {
  authWindow?: AuthWindow;
  externalBrowser?: ExternalBrowser;
  openVerificationPage?: (request: { url: string }) => Promise<void>;
  clipboard?: Clipboard;
  notifier?: Notifier;
}

export interface ServeHostOptions {
  /** The host's data folder: `vault/`, `logs/` and the local endpoint's socket go in it. */
  dataDirectory: string;
  /** How secrets are sealed at rest (the keyring's cipher, or `basic_text`). */
  cipher: Cipher;
  /** The app's version, for `app:info`. */
  version: string;
  /** 127.0.0.1's port for the page; 0 (the default) picks a free one. */
  port?: number;
  /** The sandbox provider, started on first use (by default in this process). */
  sandbox?: () => Promise<SandboxProvider>;
  ports?: ServePorts;
  logger?: Logger;
  /** Told when a page for the person could not be opened (no desktop): print it. */
  unopened?: (url: string, reason: string) => void;
  /**
   * Started once the engine runs, stopped on close: the local endpoint for scripts
   * (app/endpoint), given the engine and the dispatcher.
   */
  services?: (host: {
    engine: Engine;
    dispatcher: Dispatcher;
    logger: Logger;
  }) => Promise<{ close(): Promise<unknown> }>;
}

/** A running headless host. */
export interface ServeHost {
  /** Where the person opens the app: `http://127.0.0.1:<port>/#<per-start secret>`. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  engine: Engine;
  dispatcher: Dispatcher;
  bridge: BridgeSocket;
  proxyLogins: ProxyLogins;
  close(): Promise<void>;
}

/**
 * The engine without a desktop (`tokendock serve`): the same vault format and engine as the
 * desktop app, the shared `Dispatcher`, and the app's React UI served on 127.0.0.1 for the
 * system browser. The page's bridge is a WebSocket that only a page holding the per-start secret
 * (in the URL's fragment, never sent in a request line or Referer) and coming from this origin
 * can open; requests naming another Host are refused (no DNS rebinding). Sign-in goes through the
 * system browser with a loopback redirect (RFC 8252 §7.3) or a device code; the embedded window
 * of the desktop app does not exist here. Notifications and the clipboard are the page's.
 */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const cleanups: Array<() => unknown> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    await mkdir(options.dataDirectory, { recursive: true, mode: 0o700 });
    const logger =
      options.logger ??
      createFileLogger({
        directory: join(options.dataDirectory, 'logs'),
        level: process.env.TOKENDOCK_DEBUG ? 'debug' : 'info',
      });
    const index = await loadRendererIndex(RENDERER_DIR);
    const secret = randomBytes(32).toString('base64url');
    let origin = '';
    const sandbox = lazyOnce(
      options.sandbox ?? (async () => (await import('../app/sandbox')).startSandbox()),
    );
    if (!options.sandbox)
      cleanups.push(() =>
        sandbox
          .peek()
          ?.then((provider) => provider.close())
          .catch(() => undefined),
      );

    // The bridge and the dispatcher need each other: pages may call before the engine is up.
    const started: { dispatcher?: Dispatcher } = {};
    const bridge = createBridgeSocket({
      secret,
      origin: () => origin,
      dispatch: (channel, payload) =>
        started.dispatcher
          ? started.dispatcher.dispatch(channel, payload)
          : Promise.resolve({
              ok: false as const,
              error: { code: 'unexpected' as const, message: 'TokenDock is still starting.' },
            }),
    });
    const notifier: Notifier = options.ports?.notifier ?? {
      notify: (notification) => bridge.push('app:notification', notification),
    };
    const unopened =
      options.unopened ??
      ((url: string, reason: string) =>
        logger.warn('browser: a page could not be opened', { reason, url }));
    const externalBrowser =
      options.ports?.externalBrowser ??
      nodeExternalBrowser({
        unopened: (url, reason) => {
          unopened(url, reason);
          notifier.notify({
            title: 'Open this page to sign in',
            body: `TokenDock could not open a browser (${reason}). Open ${url}`,
          });
        },
      });

    const vault = openVault({
      directory: join(options.dataDirectory, 'vault'),
      cipher: options.cipher,
      logger,
    });
    const engine = new Engine({
      vault,
      fetch: globalThis.fetch,
      clipboard:
        options.ports?.clipboard ??
        new PageClipboard((text) => bridge.toBridge({ host: 'clipboard', text })),
      notifier,
      logger,
      externalBrowser,
      ...(options.ports?.authWindow ? { authWindow: options.ports.authWindow } : {}),
      sandboxIssuer: async () => (await sandbox.get()).issuer,
    });
    const proxyLogins = new ProxyLogins({
      publish: (questions) => bridge.push('proxy-login:questions', { questions }),
      logger,
    });
    cleanups.push(() => proxyLogins.dispose());
    const openVerificationPage =
      options.ports?.openVerificationPage ??
      (({ url }: { url: string }) => externalBrowser.open(url));
    const dispatcher = new Dispatcher({
      engine,
      proxyLogins,
      appInfo: { name: 'TokenDock', version: options.version, platform: process.platform },
      sandbox: sandbox.get,
      push: (channel, payload) => bridge.push(channel, payload),
      openVerificationPage: ({ url }) => openVerificationPage({ url }),
    });
    started.dispatcher = dispatcher;
    cleanups.push(engine.subscribe((event) => bridge.push('engine:event', event)));
    engine.start();
    cleanups.push(async () => {
      const saved = await engine.stop().catch(() => false);
      await vault.close().catch(() => undefined);
      logger.info('serve: stopped', { everythingSaved: saved });
    });

    const server = await startRendererServer({
      index,
      bridge,
      bridgeScript: bridgeScript(BRIDGE_SOCKET_PATH),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    // Pages are let go before the server closes: it waits for every socket, WebSockets too.
    cleanups.push(
      () => server.close(),
      () => bridge.close(),
    );
    origin = server.origin;
    if (options.services) {
      const services = await options.services({ engine, dispatcher, logger });
      cleanups.push(() => services.close());
    }
    logger.info('serve: started', { origin, protection: options.cipher.backend });

    let closing: Promise<void> | undefined;
    return {
      url: `${origin}/#${secret}`,
      origin,
      engine,
      dispatcher,
      bridge,
      proxyLogins,
      close: () => (closing ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
