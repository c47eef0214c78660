import { app, Menu, safeStorage, screen, session, type BrowserWindow } from 'electron';
import { Engine } from '../app/engine';
import { Dispatcher } from '../app/host/dispatcher';
import { createFileLogger } from '../app/host/file-logger';
import { lazyOnce } from '../app/host/lazy';
import { runTrayAction, type TrayActionHost } from '../app/host/tray-actions';
import { closeAction } from '../app/host/window-close';
import { openVault } from '../app/vault';
import { appMenuTemplate } from './app-menu';
import { serveAppBundle } from './app-protocol';
import { SignInWindows } from './sign-in-windows';
import {
  electronClipboard,
  electronExternalBrowser,
  electronFetch,
  electronNotifier,
  electronPowerEvents,
} from './electron-ports';
import { pushTo, registerIpc } from './ipc';
import { applyStartAtLogin, startedAtLogin } from './login-item';
import { createMainWindow, revealWindow } from './main-window';
import { bundlePaths, vaultDirectory } from './paths';
import { applyProxy, proxyOverride } from './proxy';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { openShellStore } from './shell-store';
import { installTestHooks } from './test-hooks';
import { TokenDockTray } from './tray';
import { hardenSession } from './web-security';

/** Builds and starts the desktop app once Electron is ready. */
export async function startDesktop(mainDirectory: string): Promise<void> {
  const paths = bundlePaths(mainDirectory);
  const logger = createFileLogger({
    directory: app.getPath('logs'),
    level: process.env.TOKENDOCK_DEBUG ? 'debug' : 'info',
  });
  logger.info('app: starting', { version: app.getVersion(), platform: process.platform });

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

  const notifier = electronNotifier(() => show());
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
    fetch: electronFetch,
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

  const push = pushTo(() => mainWindow);
  const dispatcher = new Dispatcher({
    engine,
    fetch: electronFetch,
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
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
      if (!ok || channel !== 'settings:update') return;
      applyStartAtLogin(app, engine.getSettings().startAtLogin, logger);
    },
  });

  // Windows, tray, menu.
  const createWindow = (startHidden: boolean) =>
    createMainWindow({
      preload: paths.preload,
      icon: paths.windowIcon,
      store,
      screen,
      startHidden,
      closeAction: () =>
        closeAction({
          quitting,
          closeToTray: engine.getSettings().closeToTray,
          trayAvailable: tray !== undefined,
        }),
    });
  const show = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow(false);
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
      now: () => Date.now(),
      icons: { normal: paths.trayIcon, attention: paths.trayAttentionIcon },
    });
  } catch (error) {
    logger.warn('tray: not available here; closing the window will quit', {
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
  applyStartAtLogin(app, engine.getSettings().startAtLogin, logger);
  installTestHooks(app, {
    accounts: () => engine.listAccounts(),
    run: (action) => (tray ? tray.run(action) : runTrayAction(action, actionHost)),
  });
  mainWindow = createWindow(startedAtLogin(app, process.argv) && tray !== undefined);

  app.on('second-instance', show);
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
    tray?.destroy();
    void (async () => {
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
}
