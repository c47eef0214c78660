import { Emitter } from './events';

/** `app` (docs/api/app.md). */
export const paths = new Map<string, string>();

export const app = Object.assign(new Emitter(), {
  isPackaged: false,
  quitCalls: 0,
  loginItem: undefined as unknown,
  getName: () => 'TokenDock',
  getVersion: () => '0.1.0',
  getPath: (name: string) => {
    const path = paths.get(name) ?? paths.get('userData');
    if (!path) throw new Error(`no path for ${name}`);
    return name === 'logs' && !paths.has('logs') ? `${path}/logs` : path;
  },
  setPath: (name: string, value: string) => void paths.set(name, value),
  setAppLogsPath: (value: string) => void paths.set('logs', value),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
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
  exit: () => undefined,
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setLoginItemSettings: (settings: unknown) => {
    app.loginItem = settings;
  },
});
