import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * Window options, as plain values so every field is asserted in a unit test. Both windows follow
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security):
 * context isolation (§3), the renderer sandbox (§4), no Node integration (§2), web security on
 * (§5), no insecure content (§8), no experimental features (§9), no `<webview>` (§12).
 */

/** The default size and the smallest size of the main window. */
export const MAIN_WINDOW_SIZE = { width: 1100, height: 720, minWidth: 800, minHeight: 600 };

function hardenedPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The options of every TokenDock window that shows our own UI (no preload: see `mainWindowOptions`). */
export function secureWindowOptions(): BrowserWindowConstructorOptions {
  return {
    ...MAIN_WINDOW_SIZE,
    show: false,
    title: 'TokenDock',
    webPreferences: hardenedPreferences(),
  };
}

/**
 * The main window: the secure options, the remembered bounds, and the preload that installs
 * `window.tokendock` (CommonJS, as sandboxed preloads must be).
 */
export function mainWindowOptions(input: {
  preload: string;
  bounds?: { x?: number; y?: number; width: number; height: number };
  icon?: string;
}): BrowserWindowConstructorOptions {
  const base = secureWindowOptions();
  return {
    ...base,
    ...(input.bounds ?? {}),
    ...(input.icon ? { icon: input.icon } : {}),
    backgroundColor: '#0f172a',
    webPreferences: { ...base.webPreferences, preload: input.preload },
  };
}

/**
 * The embedded sign-in window: the provider's pages in the account's own session partition, with
 * no preload (so no bridge and no IPC), JavaScript on (sign-in pages need it), and everything
 * else as locked down as our own windows.
 */
export function authWindowOptions(input: {
  partition: string;
  title: string;
  icon?: string;
}): BrowserWindowConstructorOptions {
  return {
    width: 520,
    height: 720,
    minWidth: 360,
    minHeight: 480,
    show: false,
    title: input.title,
    autoHideMenuBar: true,
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      ...hardenedPreferences(),
      partition: input.partition,
      javascript: true,
    },
  };
}
