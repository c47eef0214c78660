import { app, clipboard, Menu, safeStorage, screen, session, type BrowserWindow } from 'electron';
import { Engine } from '../app/engine';
import type { PushMap } from '../app/contract/channels';
import { shortcutPlan } from '../app/contract/shortcut';
import { EndpointStartError, startLocalEndpoint } from '../app/endpoint';
import { Dispatcher } from '../app/host/dispatcher';
import { ProxyLogins } from '../app/host/proxy-login';
import { isSelfTestRun } from '../app/host/self-test';
import { createFileLogger } from '../app/host/file-logger';
import { lazyOnce } from '../app/host/lazy';
import { closeAction, windowStart, type WindowStart } from '../app/host/window-close';
import { runTrayAction, type TrayActionHost } from '../app/tray/actions';
import { openVault } from '../app/vault';
import { appMenuTemplate } from './app-menu';
import { serveAppBundle } from './app-protocol';
import { SignInWindows } from './sign-in-windows';
import { electronClipboard, electronExternalBrowser, electronPowerEvents } from './electron-ports';
import { createElectronFetch } from './electron-fetch';
import { pushTo, registerIpc } from './ipc';
import { installProxyLogin } from './proxy-login';
import { applyStartAtLogin, startedAtLogin } from './login-item';
import { createMainWindow, revealWindow } from './main-window';
import { installGlobalShortcut } from './global-shortcut';
import { electronNotifier } from './notifier';
import { bundlePaths, vaultDirectory } from './paths';
import { applyProxy, proxyOverride } from './proxy';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { runSelfTest } from './self-test';
import { openShellStore } from './shell-store';
import { installTestHooks } from './test-hooks';
import { detectTrayHost } from './tray/status-notifier';
import { TokenDockTray } from './tray/tray';
import { hardenSession } from './web-security';

/** Builds and starts the desktop app once Electron is ready. */
export async function startDesktop(
  mainDirectory: string,
): Promise<{ show(): void; openLink(url: string): void }> {
  const paths = bundlePaths(mainDirectory);
  const selfTest = isSelfTestRun(process.argv);
  const logger = createFileLogger({
    directory: app.getPath('logs'),
    level: process.env.TOKENDOCK_DEBUG ? 'debug' : 'info',
  });
  logger.info('app: starting', { version: app.getVersion(), platform: process.platform });
  const trayHostAnswer = detectTrayHost(process.platform); // asked while the rest starts

  // Network and sessions.
  hardenSession(session.defaultSession);
  const store = openShellStore(app.getPath('userData'));
  const proxy = proxyOverride(process.env.TOKENDOCK_PROXY, store.proxyOverride(), logger);
  await applyProxy(session.defaultSession, proxy);
  serveAppBundle(paths.renderer);

  // The engine and its ports.
  const cipher = createSafeStorageCipher(safeStorage, process.platform);
  const vault = openVault({ directory: vaultDirectory(app), cipher, logger });
  const sandbox = lazyOnce(async () => (await import('../app/sandbox')).startSandbox());
  let mainWindow: BrowserWindow | undefined;
  let tray: TokenDockTray | undefined;
  let quitting = false;

  const notifier = electronNotifier(() => show(), logger);
  const push = pushTo(() => mainWindow);
  // Proxies that ask for a user name and password: the person answers in the window.
  const proxyLogins = new ProxyLogins({
    publish: (questions) => push('proxy-login:questions', { questions }),
    onAsked: ({ host, port }) => {
      if (!mainWindow || mainWindow.isDestroyed() || !mainWindow.isVisible())
        notifier.notify({
          title: 'The proxy asks for a password',
          body: `${host}:${port} asks for a user name and password. Open TokenDock to answer.`,
        });
    },
    logger,
  });
  const proxyLogin = installProxyLogin(app, proxyLogins);
  const engineFetch = createElectronFetch({ onLogin: proxyLogin.onRequestLogin });
  const signInWindows = new SignInWindows({
    parent: () => mainWindow,
    prepareSession: async (partition) => {
      hardenSession(partition);
      await applyProxy(partition, proxy);
    },
    logger,
    icon: paths.windowIcon,
  });
  const engine = new Engine({
    vault,
    fetch: engineFetch,
    clipboard: electronClipboard((error) =>
      logger.warn('clipboard: a call failed', { error: String(error) }),
    ),
    notifier,
    logger,
    authWindow: signInWindows,
    externalBrowser: electronExternalBrowser,
    powerEvents: electronPowerEvents(),
    sandboxIssuer: async () => (await sandbox.get()).issuer,
  });

  const trayHost = await trayHostAnswer;
  const dispatcher = new Dispatcher({
    engine,
    proxyLogins,
    appInfo: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      tray: trayHost,
      globalShortcut: true,
    },
    sandbox: sandbox.get,
    push,
    openVerificationPage: async ({ accountId, url, browser }) => {
      if (browser === 'system') await electronExternalBrowser.open(url);
      else signInWindows.openVerification(accountId, url, engine);
    },
  });
  registerIpc({
    dispatcher,
    mainWindow: () => mainWindow,
    logger,
    afterCall: (channel, ok) => {
      if (!ok) return;
      // A copy writes no engine event; the tray's most-copied list moves with it.
      if (channel === 'tokens:copy') tray?.update();
      if (channel !== 'settings:update') return;
      applyStartAtLogin(app, engine.getSettings().startAtLogin, logger);
      applyShortcut();
    },
  });

  // Windows, tray, menu.
  const trayAvailable = () => tray !== undefined && trayHost.available;
  const createWindow = (start: WindowStart) =>
    createMainWindow({
      preload: paths.preload,
      icon: paths.windowIcon,
      store,
      screen,
      start,
      closeAction: () =>
        closeAction({
          quitting,
          closeToTray: engine.getSettings().closeToTray,
          trayAvailable: trayAvailable(),
        }),
    });
  const show = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow('show');
    revealWindow(mainWindow);
  };
  const actionHost: TrayActionHost = {
    engine,
    showWindow: () => show(),
    quit: () => app.quit(),
    reportFailure: (title, body) => notifier.notify({ title, body }),
  };
  try {
    tray = new TokenDockTray({
      ...actionHost,
      accounts: () => engine.listAccounts(),
      activity: () => engine.activity(),
      now: () => Date.now(),
      icons: { normal: paths.trayIcon, attention: paths.trayAttentionIcon },
    });
  } catch (error) {
    logger.warn('tray: could not be made; closing the window will not hide it', {
      error: String(error),
    });
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        devTools: !app.isPackaged,
        open: show,
        quit: () => app.quit(),
      }),
    ),
  );

  engine.subscribe((event) => {
    push('engine:event', event);
    tray?.update();
    if (event.type === 'account-removed')
      void signInWindows.forgetAccount(event.accountId).catch((error: unknown) =>
        logger.warn('sign-in window: could not clear a removed account', {
          error: String(error),
        }),
      );
  });
  engine.start();
  // The optional global shortcut: the window comes forward with the quick switcher open.
  let shortcut: { accelerator: string; uninstall: () => void } | undefined;
  function applyShortcut(): void {
    const settings = engine.getSettings();
    const plan = shortcutPlan(
      { enabled: settings.globalShortcutEnabled, accelerator: settings.globalShortcut },
      process.platform,
    );
    const wanted = plan.kind === 'register' ? plan.accelerator : undefined;
    if (shortcut?.accelerator === wanted) return;
    shortcut?.uninstall();
    shortcut = undefined;
    if (plan.kind === 'invalid')
      logger.warn('global shortcut: not registered', { problem: plan.problem });
    if (plan.kind !== 'register') return;
    const uninstall = installGlobalShortcut(plan.accelerator, openSwitcher, (status) => {
      logger.info('global shortcut', { ...status });
      if (status.kind === 'unavailable')
        notifier.notify({ title: 'The global shortcut is not set', body: status.reason });
    });
    shortcut = { accelerator: plan.accelerator, uninstall };
  }
  /** Shows the window and tells its page, once the page can hear it. */
  function showAndPush<P extends 'app:open-switcher' | 'app:open-link'>(
    channel: P,
    payload: PushMap[P],
  ): void {
    const existed = mainWindow !== undefined && !mainWindow.isDestroyed();
    show();
    const window = mainWindow;
    if (!window) return;
    if (existed && !window.webContents.isLoading()) push(channel, payload);
    else window.webContents.once('did-finish-load', () => push(channel, payload));
  }
  const openSwitcher = () => showAndPush('app:open-switcher', {});
  applyShortcut();
  // Scripts reach the engine through the local endpoint (`tokendock`); a sign-in they ask for
  // happens in the app, where the person sees it.
  const endpoint = await startLocalEndpoint({
    directory: app.getPath('userData'),
    engine,
    logger,
    signIn: (accountId, hooks) => {
      show();
      return dispatcher.signIn(accountId, hooks);
    },
  }).catch((error: unknown) => {
    if (!(error instanceof EndpointStartError)) throw error;
    logger.warn('endpoint: not started; the tokendock command cannot reach this app', {
      problem: error.problem,
      error: error.message,
    });
    return undefined;
  });
  // A self-test's temporary profile must not change the person's real "start at login".
  if (!selfTest) applyStartAtLogin(app, engine.getSettings().startAtLogin, logger);
  installTestHooks(app, {
    accounts: () => engine.listAccounts(),
    run: (action) => (tray ? tray.run(action) : runTrayAction(action, actionHost)),
  });
  if (!trayHost.available)
    logger.warn('tray: no tray icon can be seen here', { reason: trayHost.reason });
  mainWindow = createWindow(
    selfTest
      ? 'hidden'
      : windowStart({ atLogin: startedAtLogin(app, process.argv), trayAvailable: trayAvailable() }),
  );
  if (selfTest)
    void runSelfTest({
      app,
      window: mainWindow,
      dispatcher,
      engine,
      sandbox: sandbox.get,
      clipboard,
      safeStorage,
      tray: { created: tray !== undefined, status: trayHost },
    });

  app.on('activate', show);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits for refreshes under way and writes what is not on disk yet
  // (docs/api/app.md: `will-quit`'s preventDefault() holds the quit until `app.quit()` again).
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    shortcut?.uninstall();
    tray?.destroy();
    proxyLogins.dispose();
    proxyLogin.uninstall();
    void (async () => {
      await endpoint?.close().catch(() => undefined);
      const saved = await engine.stop().catch(() => false);
      await vault.close().catch(() => undefined);
      await sandbox
        .peek()
        ?.then((provider) => provider.close())
        .catch(() => undefined);
      logger.info('app: quit', { everythingSaved: saved });
      stopped = true;
      app.quit();
    })();
  });
  return { show, openLink: (url) => showAndPush('app:open-link', { url }) };
}
