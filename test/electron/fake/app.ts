import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Emitter } from './events';

/** `app` (docs/api/app.md). */

/** Paths set with `setPath` / `setAppLogsPath`. */
export const paths = new Map<string, string>();

/**
 * The names `app.getPath` knows (docs/api/app.md, `app.getPath(name)`), each with the default a
 * Linux Electron gives when nothing was set, under a fake home: a test that forgets to set
 * `userData` does not write into the person's `~/.config`.
 */
const fakeHome = join(tmpdir(), 'tokendock-fake-electron-home');
const defaults: Record<string, () => string> = {
  home: () => fakeHome,
  appData: () => join(getPath('home'), '.config'),
  userData: () => join(getPath('appData'), app.getName()),
  sessionData: () => getPath('userData'),
  temp: () => tmpdir(),
  exe: () => process.execPath,
  module: () => process.execPath,
  assets: () => dirname(process.execPath),
  desktop: () => join(getPath('home'), 'Desktop'),
  documents: () => join(getPath('home'), 'Documents'),
  downloads: () => join(getPath('home'), 'Downloads'),
  music: () => join(getPath('home'), 'Music'),
  pictures: () => join(getPath('home'), 'Pictures'),
  videos: () => join(getPath('home'), 'Videos'),
  recent: () => join(getPath('appData'), 'Microsoft', 'Windows', 'Recent'),
  // "If app.getPath('logs') is called without app.setAppLogsPath() being called first, a default
  // log directory will be created": `<userData>/logs` on Linux and Windows.
  logs: () => join(getPath('userData'), 'logs'),
  crashDumps: () => join(getPath('userData'), 'Crashpad'),
};

/** "On failure, an Error is thrown" (docs/api/app.md; shell/browser/api/electron_api_app.cc). */
function getPath(name: string): string {
  const set = paths.get(name);
  if (set !== undefined) return set;
  const fallback = Object.hasOwn(defaults, name) ? defaults[name] : undefined;
  if (!fallback) throw new Error(`Failed to get '${name}' path`);
  return fallback();
}

/** What the tests switch and read. */
export const appState = {
  /** Electron finished initialising (`ready` emitted). */
  ready: false,
  /**
   * Whether `ready` comes by itself soon after someone waits for it (as in a real start), or only
   * when a test calls `app.emitReady()`.
   */
  autoReady: true,
  readyScheduled: false,
  /** Another instance holds the single-instance lock. */
  anotherInstance: false,
  /** What `app.setAppUserModelId` was given. */
  appUserModelId: undefined as string | undefined,
  /** Second launches told before `ready`, held until it (docs/api/app.md, 'second-instance'). */
  pendingLaunches: [] as Array<{ argv: string[]; workingDirectory: string }>,
};

export const app = Object.assign(new Emitter(), {
  isPackaged: false,
  quitCalls: 0,
  loginItem: undefined as unknown,
  getName: () => 'TokenDock',
  getVersion: () => '0.1.0',
  getPath,
  /**
   * "You can only override paths of a name defined in app.getPath"; the path must be absolute
   * (shell/browser/api/electron_api_app.cc, `App::SetPath`).
   */
  setPath: (name: string, value: string) => {
    if (!isAbsolute(value)) throw new Error('Path must be absolute');
    if (!Object.hasOwn(defaults, name)) throw new Error('Failed to set path');
    paths.set(name, value);
  },
  setAppLogsPath: (value?: string) =>
    void paths.set('logs', value ?? join(getPath('userData'), 'logs')),
  requestSingleInstanceLock: () => !appState.anotherInstance,
  isReady: () => appState.ready,
  /**
   * Asynchronous, as in Electron: `ready` comes after the main script's first turn, never during
   * it (docs/api/app.md, `app.whenReady()`, "Event: 'ready'").
   */
  whenReady: (): Promise<void> => {
    if (appState.ready) return Promise.resolve();
    const ready = new Promise<void>((resolve) => app.once('ready', () => resolve()));
    if (appState.autoReady && !appState.readyScheduled) {
      appState.readyScheduled = true;
      setImmediate(() => app.emitReady());
    }
    return ready;
  },
  /** Electron finishes initialising: `ready`, then the second launches that waited for it. */
  emitReady: () => {
    if (appState.ready) return;
    appState.ready = true;
    app.fire('ready', {}, {});
    for (const launch of appState.pendingLaunches.splice(0)) app.launchSecondInstance(launch);
  },
  /**
   * Another copy of the app is started: the primary instance gets 'second-instance', "guaranteed to
   * be emitted after the `ready` event of `app` gets emitted" (docs/api/app.md), so one told earlier
   * waits for `ready`.
   */
  launchSecondInstance: (launch: { argv?: string[]; workingDirectory?: string } = {}) => {
    const full = { argv: launch.argv ?? [], workingDirectory: launch.workingDirectory ?? '/' };
    if (!appState.ready) {
      appState.pendingLaunches.push(full);
      return;
    }
    app.fire('second-instance', {}, full.argv, full.workingDirectory, {});
  },
  /**
   * As docs/api/app.md says: `before-quit`, then `will-quit`, each with an event whose
   * `preventDefault()` cancels the quit, then `quit`. (Windows are closed in between.)
   */
  quit: () => {
    app.quitCalls++;
    if (app.fire('before-quit').defaultPrevented) return;
    if (app.fire('will-quit').defaultPrevented) return;
    app.fire('quit', {}, 0);
  },
  /** What `app.exit` was given: "Exits immediately with exitCode. exitCode defaults to 0." */
  exitCode: undefined as number | undefined,
  /**
   * docs/api/app.md, `app.exit([exitCode])`: all windows close without asking, and `before-quit`
   * and `will-quit` are not emitted. The fake records the code instead of ending the process.
   */
  exit: (exitCode = 0) => {
    app.exitCode = exitCode;
  },
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setLoginItemSettings: (settings: unknown) => {
    app.loginItem = settings;
  },
  /**
   * Windows only: Electron defines it under `IS_WIN` (shell/browser/api/electron_api_app.cc;
   * docs/api/app.md, `app.setAppUserModelId(id)` _Windows_), so elsewhere calling it throws.
   */
  setAppUserModelId: (id: string) => {
    if (process.platform !== 'win32')
      throw new TypeError('app.setAppUserModelId is not a function (it exists on Windows only)');
    appState.appUserModelId = id;
  },
});

/** Back to a fresh, not yet ready app (between scenarios of one test file). */
export function resetApp(options: { autoReady?: boolean } = {}): void {
  app.removeAllListeners();
  Object.assign(appState, {
    ready: false,
    autoReady: options.autoReady ?? true,
    readyScheduled: false,
    anotherInstance: false,
    appUserModelId: undefined,
    pendingLaunches: [],
  });
  app.quitCalls = 0;
  paths.clear();
}
