// Where the Electron binary is, by one rule for `npm start`, `npm run self-test` and the
// `_electron` specs: ELECTRON_OVERRIDE_DIST_PATH when set (as Electron's own `electron` package
// reads it), else the dist that Electron's installer unpacks into node_modules/electron.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** node_modules/electron: its installer, its version, where it unpacks the binary. */
export const ELECTRON_DIR = dirname(require.resolve('electron/package.json'));

/** @returns {{ path: string } | { missing: string }} the binary, or why there is none */
export function electronBinary() {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const executable = relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, executable);
    return existsSync(candidate)
      ? { path: candidate }
      : { missing: `no ${executable} in ELECTRON_OVERRIDE_DIST_PATH=${override}` };
  }
  const candidate = relative ? join(ELECTRON_DIR, 'dist', relative) : undefined;
  if (candidate && existsSync(candidate)) return { path: candidate };
  return {
    missing:
      'node_modules/electron/dist is not installed; install scripts are off and GitHub is ' +
      'unreachable here. Set ELECTRON_OVERRIDE_DIST_PATH or run node node_modules/electron/install.js',
  };
}
