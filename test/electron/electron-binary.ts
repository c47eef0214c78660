import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron binary the specs launch, or why there is none (same rules as `npm start`). */
export function electronBinary(): { path: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const executable = relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, executable);
    return existsSync(candidate)
      ? { path: candidate }
      : { missing: `no ${executable} in ELECTRON_OVERRIDE_DIST_PATH=${override}` };
  }
  const candidate = relative ? join(electronDir, 'dist', relative) : undefined;
  if (candidate && existsSync(candidate)) return { path: candidate };
  return {
    missing:
      'node_modules/electron/dist is not installed; install scripts are off and GitHub is ' +
      'unreachable here. Set ELECTRON_OVERRIDE_DIST_PATH or run node node_modules/electron/install.js',
  };
}
