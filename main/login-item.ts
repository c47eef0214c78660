import type { App } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { autostartDesktopEntry, HIDDEN_START_ARG } from '../app/host/autostart';
import type { Logger } from '../app/ports';

/**
 * Follows the `startAtLogin` setting: `app.setLoginItemSettings` on macOS and Windows, an XDG
 * autostart entry on Linux (where Electron's call does nothing). Only for the packaged app: an
 * unpackaged run would register the development Electron binary. A login start opens in the tray.
 */
export function applyStartAtLogin(app: App, enabled: boolean, logger: Logger): void {
  if (!app.isPackaged) {
    logger.info('start at login: not changed for an unpackaged run', { enabled });
    return;
  }
  try {
    if (process.platform === 'linux') {
      const folder = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
      const file = join(folder, 'tokendock.desktop');
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(folder, { recursive: true });
      const executable = process.env.APPIMAGE || process.execPath;
      writeFileSync(file, autostartDesktopEntry({ executable, args: [HIDDEN_START_ARG] }), {
        mode: 0o644,
      });
      return;
    }
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_START_ARG] });
  } catch (error) {
    logger.warn('start at login: could not be changed', { error: String(error) });
  }
}

/** Whether this run was started at login (then the window stays in the tray). */
export function startedAtLogin(app: App, argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_START_ARG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
