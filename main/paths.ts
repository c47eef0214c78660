import type { App } from 'electron';
import { join } from 'node:path';

/** Where the built app's parts are, relative to `out/main/index.js`. */
export function bundlePaths(mainDirectory: string) {
  const out = join(mainDirectory, '..');
  return {
    renderer: join(out, 'renderer'),
    preload: join(out, 'preload', 'preload.cjs'),
    trayIcon: join(out, 'icons', 'tray.png'),
    trayAttentionIcon: join(out, 'icons', 'tray-attention.png'),
    windowIcon: join(out, 'icons', 'icon.png'),
  };
}

/**
 * `TOKENDOCK_USER_DATA` moves the app's data (vault, window state, sessions, logs) elsewhere, for
 * tests and portable use. Must run before the app is ready and before the single-instance lock.
 */
export function applyUserDataOverride(app: App, override: string | undefined): void {
  if (!override) return;
  app.setPath('userData', override);
  app.setPath('sessionData', override);
  app.setAppLogsPath(join(override, 'logs'));
}

/** The vault's own folder inside the app's data folder (kept apart from Chromium's files). */
export function vaultDirectory(app: App): string {
  return join(app.getPath('userData'), 'vault');
}
