import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Screen } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../app/contract/accounts';
import type { Engine } from '../../app/engine';
import type { EngineContext } from '../../app/engine/context';
import { CopyService } from '../../app/engine/copy-service';
import type { RefreshService } from '../../app/engine/refresh-service';
import { Dispatcher } from '../../app/host/dispatcher';
import { closeAction, windowStart, type WindowStart } from '../../app/host/window-close';
import type { SavedWindowState } from '../../app/host/window-bounds';
import type { Logger } from '../../app/ports';
import { appMenuTemplate } from '../../main/app-menu';
import { electronClipboard } from '../../main/electron-ports';
import { createMainWindow, revealWindow } from '../../main/main-window';
import { APP_USER_MODEL_ID, electronNotifier, setNotificationAppId } from '../../main/notifier';
import type { ShellStore } from '../../main/shell-store';
import {
  detectTrayHost,
  NAME_HAS_OWNER_COMMAND,
  runCommand,
} from '../../main/tray/status-notifier';
import { TokenDockTray } from '../../main/tray/tray';
import builderConfig from '../../electron-builder.config';
import { app, appState } from '../electron/fake/app';
import { clipboardState } from '../electron/fake/clipboard';
import { FakeMenu, menuState } from '../electron/fake/menu';
import { FakeNotification } from '../electron/fake/notification';
import { desktop, type FakeNativeImage, type FakeTray } from '../electron/fake/tray';
import { fakeElectron, FakeBrowserWindow, recorded } from '../electron/fake-electron';

/**
 * The desktop shell (main/) against the fake `electron` of test/electron/fake, where it differs
 * from plain Node as Electron does (each modelled behaviour cites its documentation page there):
 * no tray host on stock GNOME, notifications that fail, `maximize()` showing a hidden window,
 * `second-instance` during start-up, `setAppUserModelId`, `clipboard.clear()`, and
 * `npm run dist`'s command on Windows. Each test fails on the code before issue 10.
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);

/** The start-up main/index.ts runs, played by the test (the composition is main-composition's). */
const startUp = vi.hoisted(() => ({
  startDesktop: undefined as undefined | ((dir: string) => Promise<{ show(): void }>),
}));
vi.mock('../../main/desktop', () => ({
  startDesktop: (dir: string) => startUp.startDesktop!(dir),
}));

const root = join(import.meta.dirname, '..', '..');

/** shell.json in memory. */
function memoryStore(saved?: SavedWindowState): ShellStore & { saved: unknown } {
  const store = {
    saved: saved as unknown,
    windowState: () => store.saved,
    saveWindowState: (state: SavedWindowState) => {
      store.saved = state;
    },
    proxyOverride: () => undefined,
  };
  return store;
}

function mainWindow(options: {
  store?: ShellStore;
  start?: WindowStart;
  close?: () => ReturnType<typeof closeAction>;
}): FakeBrowserWindow {
  return createMainWindow({
    preload: '/app/out/preload/preload.cjs',
    store: options.store ?? memoryStore(),
    screen: fakeElectron.screen as unknown as Screen,
    start: options.start ?? 'show',
    closeAction: options.close ?? (() => 'close'),
  }) as unknown as FakeBrowserWindow;
}

function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    error: () => undefined,
  };
}

function trayHost(accounts: () => AccountView[] = () => []) {
  return {
    engine: {
      copyToken: async () => undefined,
      refreshNow: async () => undefined,
      refreshAll: () => undefined,
    },
    showWindow: () => undefined,
    quit: () => undefined,
    reportFailure: () => undefined,
    accounts,
    activity: () => [],
    now: () => Date.UTC(2026, 0, 1),
    icons: {
      normal: join(root, 'build', 'icons', 'tray.png'),
      attention: join(root, 'build', 'icons', 'tray-attention.png'),
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  desktop.statusNotifierHost = true;
  desktop.sessionBus = true;
  desktop.busCalls.length = 0;
  FakeNotification.reset();
});

describe('item 4: no tray host (stock GNOME)', () => {
  const trays: TokenDockTray[] = [];
  afterEach(() => {
    for (const tray of trays.splice(0)) tray.destroy();
  });

  it('closing the main window minimises it instead of hiding it, and the setting says why', async () => {
    desktop.statusNotifierHost = false;
    const status = await detectTrayHost('linux');
    // Electron makes the tray without a word, and nobody sees it.
    trays.push(new TokenDockTray({ ...trayHost(), platform: 'linux' }));
    expect((recorded.trays.at(-1) as FakeTray).shown).toBe(false);

    const window = mainWindow({
      close: () =>
        closeAction({ quitting: false, closeToTray: true, trayAvailable: status.available }),
    });
    window.firstPaint();
    expect(window.isVisible()).toBe(true);
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(true); // still in the taskbar: there is a way back
    expect(window.isMinimized()).toBe(true);
    revealWindow(window as never);
    expect(window.isMinimized()).toBe(false);

    // The session bus was asked, once, and said no.
    expect(desktop.busCalls).toEqual([{ file: 'dbus-send', args: NAME_HAS_OWNER_COMMAND.args }]);
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/StatusNotifierItem.*GNOME.*minimises/s);

    // What the Settings view asks: app:info carries the reason.
    const dispatcher = new Dispatcher({
      engine: {} as Engine,
      appInfo: { name: 'TokenDock', version: '0.1.0', platform: 'linux', tray: status },
      sandbox: async () => {
        throw new Error('unused');
      },
      push: () => undefined,
      openVerificationPage: async () => undefined,
    });
    expect(await dispatcher.dispatch('app:info', {})).toEqual({
      ok: true,
      value: {
        name: 'TokenDock',
        version: '0.1.0',
        platform: 'linux',
        tray: { available: false, reason: status.reason },
      },
    });
  });

  it('with a host (KDE, or GNOME with the AppIndicator extension) closing hides to the tray', async () => {
    const status = await detectTrayHost('linux');
    expect(status).toEqual({ available: true });
    trays.push(new TokenDockTray({ ...trayHost(), platform: 'linux' }));
    expect((recorded.trays.at(-1) as FakeTray).shown).toBe(true);
    const window = mainWindow({
      close: () => closeAction({ quitting: false, closeToTray: true, trayAvailable: true }),
    });
    window.firstPaint();
    window.close();
    expect(window.isVisible()).toBe(false);
    expect(window.isMinimized()).toBe(false);
  });

  it('a bus that cannot be asked counts as no tray; macOS and Windows never ask', async () => {
    desktop.sessionBus = false;
    const status = await detectTrayHost('linux');
    expect(status).toMatchObject({ available: false });
    expect(status.reason).toContain('no session bus');
    expect(await detectTrayHost('darwin')).toEqual({ available: true });
    expect(await detectTrayHost('win32')).toEqual({ available: true });
    expect(desktop.busCalls).toHaveLength(1);
  });

  it('a login start without a tray opens minimised, not hidden', () => {
    const window = mainWindow({ start: windowStart({ atLogin: true, trayAvailable: false }) });
    window.firstPaint();
    expect(window.isVisible()).toBe(true);
    expect(window.isMinimized()).toBe(true);
  });

  it.skipIf(spawnSync('dbus-daemon', ['--version']).status !== 0)(
    'the real dbus-send, on a private session bus without a watcher, says no',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'tokendock-bus-'));
      const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, XDG_RUNTIME_DIR: folder },
      });
      const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
      try {
        const address = await new Promise<string>((resolve, reject) => {
          daemon.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
          daemon.once('error', reject);
        });
        process.env.DBUS_SESSION_BUS_ADDRESS = address;
        expect(await detectTrayHost('linux', runCommand)).toMatchObject({ available: false });
        const reply = await runCommand(NAME_HAS_OWNER_COMMAND.file, NAME_HAS_OWNER_COMMAND.args, {
          timeoutMs: 5000,
        });
        expect(reply).toMatch(/^\s*boolean false$/m);
      } finally {
        if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
        daemon.kill();
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});

describe('item 5: notifications', () => {
  it('a notification that fails (unsigned macOS build) is released, and logged once', async () => {
    FakeNotification.failWith = 'Notifications are not allowed for this application';
    const log = logger();
    const clicks: Array<string | undefined> = [];
    const notifier = electronNotifier((accountId) => clicks.push(accountId), log);
    notifier.notify({ title: 'Could not refresh', body: 'Sign in again.' });
    notifier.notify({ title: 'Could not refresh', body: 'Sign in again.' });
    expect.soft(notifier.held).toBe(2);
    await tick();
    // Released: nothing holds on to them any more, and one line says why.
    for (const notification of FakeNotification.made) expect(notification.attached()).toBe(0);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/unsigned macOS/);
    expect(notifier.held).toBe(0);

    // One that shows is held until it is clicked; the click shows the window.
    FakeNotification.failWith = undefined;
    notifier.notify({ title: 'Sign in again', body: 'Contoso', accountId: 'a1' });
    expect(notifier.held).toBe(1);
    FakeNotification.made.at(-1)!.click();
    expect(clicks).toEqual(['a1']);
    expect(notifier.held).toBe(0);
    notifier.notify({ title: 'Sign in again', body: 'Contoso' });
    FakeNotification.made.at(-1)!.dismiss();
    expect(notifier.held).toBe(0);
  });

  it('Windows gets the packaged app id (electron-builder appId); elsewhere the call does not exist', () => {
    expect(APP_USER_MODEL_ID).toBe(builderConfig.appId);
    // The fake throws like a missing method off Windows: only win32 may call it.
    expect(() => app.setAppUserModelId('x')).toThrow(TypeError);
    expect(() => setNotificationAppId(app as never, 'linux')).not.toThrow();
    expect(() => setNotificationAppId(app as never, 'darwin')).not.toThrow();
    expect(appState.appUserModelId).toBeUndefined();
  });
});

describe('item 6: a hidden start of a window last maximised', () => {
  const maximised = { x: 40, y: 40, width: 1000, height: 700, maximized: true };

  it('stays hidden; it opens maximised when shown', () => {
    const window = mainWindow({ store: memoryStore(maximised), start: 'hidden' });
    window.firstPaint();
    expect(window.isVisible()).toBe(false);
    expect(window.isMaximized()).toBe(false);
    revealWindow(window as never);
    expect(window.isVisible()).toBe(true);
    expect(window.isMaximized()).toBe(true);
  });

  it('quitting before it was ever shown keeps it remembered as maximised', () => {
    const store = memoryStore(maximised);
    const window = mainWindow({ store, start: 'hidden' });
    window.firstPaint();
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(store.saved).toEqual(maximised);
  });

  it('a shown start still opens maximised, and a minimised start maximises when restored', () => {
    const shown = mainWindow({ store: memoryStore(maximised), start: 'show' });
    shown.firstPaint();
    expect(shown.isVisible() && shown.isMaximized()).toBe(true);
    const minimised = mainWindow({ store: memoryStore(maximised), start: 'minimized' });
    minimised.firstPaint();
    expect(minimised.isMinimized()).toBe(true);
    expect(minimised.isMaximized()).toBe(false);
    minimised.restore();
    expect(minimised.isMaximized()).toBe(true);
  });
});

describe('items 5 and 8: main/index.ts (the desktop start-up played by the test)', () => {
  it('sets the app id first on Windows; a second launch during start-up shows the window once it exists', async () => {
    appState.autoReady = false;
    const shown: string[] = [];
    let finish!: (desktop: { show(): void }) => void;
    startUp.startDesktop = () => new Promise((resolve) => (finish = resolve));
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...platform, value: 'win32' });
    try {
      await import('../../main/index');
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect.soft(appState.appUserModelId).toBe('dev.tokendock.app');

    // Launched again before Electron is ready: 'second-instance' waits for 'ready'...
    app.launchSecondInstance({ argv: ['tokendock'] });
    expect(appState.ready).toBe(false);
    app.emitReady();
    // ...and comes while the asynchronous start-up is still under way.
    await tick();
    expect(finish).toBeTypeOf('function');
    expect(shown).toEqual([]);
    finish({ show: () => shown.push('show') });
    await tick();
    expect(shown).toEqual(['show']);
    // Later launches show it at once.
    app.launchSecondInstance();
    expect(shown).toEqual(['show', 'show']);
  });
});

describe('item 11: the clipboard and the macOS tray icon', () => {
  it("clearing a copied token calls clipboard.clear(), never writeText('')", async () => {
    const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.';
    const errors: unknown[] = [];
    const port = electronClipboard((error) => errors.push(error)) as ReturnType<
      typeof electronClipboard
    > & { settled(): Promise<void> };
    let clearLater: (() => void) | undefined;
    const ctx = {
      deps: {
        clipboard: port,
        timers: {
          setTimeout: (run: () => void) => ((clearLater = run), 1),
          clearTimeout: () => undefined,
        },
        clock: { now: () => 0 },
      },
      settings: { clipboardClearSeconds: 30 },
      accounts: new Map([['a1', { name: 'Contoso', targets: [{ id: 't1', label: 'Graph' }] }]]),
      activity: { add: () => undefined },
      store: { shownExpiry: () => 0 },
    };
    const refresher = { getToken: async () => ({ accessToken: token }) };
    const copy = new CopyService(
      ctx as unknown as EngineContext,
      refresher as unknown as RefreshService,
    );
    clipboardState.writes.length = 0;
    clipboardState.clears = 0;
    await copy.copy('a1', 't1', 'raw');
    await port.settled();
    expect(clipboardState.text).toBe(token);
    clearLater!();
    await port.settled();
    expect(clipboardState.clears).toBe(1);
    expect(clipboardState.hasEntry).toBe(false);
    expect(clipboardState.writes).toEqual([token]);
    expect(errors).toEqual([]);

    // Something the person copied since is never cleared.
    await copy.copy('a1', 't1', 'raw');
    await port.settled();
    await fakeElectron.clipboard.writeText('the person copied this');
    clearLater!();
    await port.settled();
    expect(clipboardState.text).toBe('the person copied this');
    expect(clipboardState.clears).toBe(1);
  });

  it('macOS: the tray icon is a template image, in both states', () => {
    let attention = false;
    const account = () =>
      ({
        id: 'a1',
        name: 'Contoso',
        flow: 'client_credentials',
        state: attention ? 'needs-sign-in' : 'valid',
        targets: [],
      }) as unknown as AccountView;
    const tray = new TokenDockTray({ ...trayHost(() => [account()]), platform: 'darwin' });
    try {
      const fake = recorded.trays.at(-1) as FakeTray;
      let image = fake.image as FakeNativeImage;
      expect(image.path).toMatch(/[\\/]trayTemplate\.png$/);
      expect(image.isTemplateImage()).toBe(true);
      attention = true;
      tray.rebuild();
      image = fake.image as FakeNativeImage;
      expect(image.path).toMatch(/[\\/]tray-attentionTemplate\.png$/);
      expect(image.isTemplateImage()).toBe(true);
    } finally {
      tray.destroy();
    }
  });

  it('elsewhere, or where a build has no template file, the colour icon', () => {
    const tray = new TokenDockTray({
      ...trayHost(),
      platform: 'darwin',
      icons: { normal: '/nowhere/tray.png', attention: '/nowhere/tray-attention.png' },
    });
    const linux = new TokenDockTray({ ...trayHost(), platform: 'linux' });
    try {
      const [mac, other] = recorded.trays.slice(-2) as FakeTray[];
      expect((mac!.image as FakeNativeImage).path).toBe('/nowhere/tray.png');
      expect((other!.image as FakeNativeImage).path).toMatch(/[\\/]tray\.png$/);
      expect((other!.image as FakeNativeImage).isTemplateImage()).toBe(false);
    } finally {
      tray.destroy();
      linux.destroy();
    }
  });
});

describe('item 9: npm run dist on Windows', () => {
  type Dist = {
    electronBuilderCommand(input: { root: string; args: string[]; execPath?: string }): {
      command: string;
      args: string[];
      options: { cwd: string; shell: boolean };
    };
  };
  const load = async () =>
    (await import(
      /* @vite-ignore */ pathToFileURL(join(root, 'scripts', 'dist.mjs')).href
    )) as Dist;

  it('runs electron-builder’s JavaScript entry under Node, no shell, no extensionless .bin script', async () => {
    const { electronBuilderCommand } = await load();
    const command = electronBuilderCommand({
      root,
      args: ['--config', 'electron-builder.config.ts'],
      execPath: 'C:\\Program Files\\nodejs\\node.exe',
    });
    expect(command.command).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(command.args[0]).toMatch(/node_modules[\\/]electron-builder[\\/]cli\.js$/);
    expect(command.args.slice(1)).toEqual(['--config', 'electron-builder.config.ts']);
    expect(command.options).toMatchObject({ cwd: root, shell: false });
    expect(command.args.join(' ')).not.toContain('.bin');
  });

  it('the same command runs electron-builder here', async () => {
    const { electronBuilderCommand } = await load();
    const command = electronBuilderCommand({ root, args: ['--version'] });
    const run = spawnSync(command.command, command.args, { ...command.options, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the fake behaves as Electron (test/electron/fake)', () => {
  it('Menu.buildFromTemplate refuses what Electron refuses; our menus pass', () => {
    const { buildFromTemplate } = fakeElectron.Menu;
    expect(() => buildFromTemplate({} as never)).toThrow(/must be an array/);
    expect(() => buildFromTemplate([{ enabled: true }])).toThrow(
      /must have at least one of label, role or type/,
    );
    expect(() => buildFromTemplate([{ label: 'A', type: 'submenu' }])).toThrow('Invalid submenu');
    expect(() => buildFromTemplate([{ label: 'A', type: 'button' }])).toThrow(
      'Unknown menu item type: button',
    );
    expect(() => buildFromTemplate([{ label: 'A', submenu: [{ click: () => 1 }] }])).toThrow(
      /must have at least one/,
    );
    menuState.unknownRoles.length = 0;
    expect(buildFromTemplate([{ role: 'toggleEverything' }])).toBeInstanceOf(FakeMenu);
    expect(menuState.unknownRoles).toEqual(['toggleeverything']);
    menuState.unknownRoles.length = 0;
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      buildFromTemplate(
        appMenuTemplate({ platform, devTools: true, open: () => 1, quit: () => 1 }) as never,
      );
    expect(menuState.unknownRoles).toEqual([]);
  });

  it('app.getPath knows its names and throws for others; whenReady is asynchronous', async () => {
    expect(() => app.getPath('nonsense')).toThrow("Failed to get 'nonsense' path");
    expect(() => app.setPath('nonsense', '/tmp')).toThrow('Failed to set path');
    expect(() => app.setPath('userData', 'relative')).toThrow('Path must be absolute');
    expect(app.getPath('temp')).toBe(tmpdir());
    expect(app.getPath('sessionData')).toBe(app.getPath('userData'));
    expect(app.whenReady()).toBeInstanceOf(Promise);
  });

  it('maximize() shows a hidden window; ready-to-show only before it was shown', () => {
    const window = new FakeBrowserWindow({ show: false });
    const events: string[] = [];
    for (const name of ['show', 'maximize', 'ready-to-show'])
      window.on(name, () => events.push(name));
    window.maximize();
    expect(window.isVisible()).toBe(true);
    window.firstPaint();
    expect(events).toEqual(['show', 'maximize']);
  });
});
