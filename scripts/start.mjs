// `npm start`: make sure the Electron binary is there (download it as Electron's own installer
// does), build the app, and launch it. Where the binary cannot be had, say so in one line and
// run TokenDock in the browser instead (`tokendock serve`); `npm start -- --desktop-only` says
// how to supply a binary and stops instead.
import { ELECTRON_DIR, electronBinary } from './electron-binary.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const electronDir = ELECTRON_DIR;
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));

/** The binary, or undefined (electron-binary.mjs says why). */
function installedBinary() {
  const found = electronBinary();
  return 'path' in found ? found.path : undefined;
}

const desktopOnly = process.argv.includes('--desktop-only');
// `--no-build`: run what is in out/ as it is.
const skipBuild = process.argv.includes('--no-build');
const serveArgs = process.argv
  .slice(2)
  .filter((arg) => arg !== '--desktop-only' && arg !== '--no-build');

function build() {
  if (skipBuild) return;
  const result = spawnSync(process.execPath, [join(import.meta.dirname, 'build.mjs')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs `child` in the foreground: its exit is ours, and Ctrl+C reaches it. */
function runInForeground(child) {
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

/** No Electron here: the browser mode, unless the person wants the desktop app or nothing. */
function noDesktop(reason) {
  if (desktopOnly) explainAndExit(reason);
  console.error(
    `Electron ${version} cannot be had here (${reason}): starting TokenDock in your browser instead (npm start -- --desktop-only stops here instead).`,
  );
  build();
  const command = join(import.meta.dirname, '..', 'bin', 'tokendock.mjs');
  runInForeground(spawn(process.execPath, [command, 'serve', ...serveArgs], { stdio: 'inherit' }));
}

function explainAndExit(reason) {
  const platform = `${process.platform}-${process.arch}`;
  // @electron/get keeps each download under sha256(<download folder URL>) inside the cache.
  const folder = createHash('sha256')
    .update(`https://github.com/electron/electron/releases/download/v${version}`)
    .digest('hex');
  console.error(`
TokenDock could not start: ${reason}.
The Electron ${version} binary is missing and could not be downloaded from here.
Point npm start at a local copy of Electron ${version}, then run it again:
  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start
      a folder that holds the unpacked electron executable
  electron_config_cache=/path/to/cache npm start
      a cache holding ${folder}/electron-v${version}-${platform}.zip
`);
  process.exit(1);
}

let binary = installedBinary();
if (!binary && process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  noDesktop(
    `no electron executable in ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH})`,
  );
} else {
  if (!binary) {
    console.log(`Fetching Electron ${version} (once)…`);
    const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    binary = installedBinary();
    if (install.status !== 0 || !binary) {
      const firstLine =
        (install.stderr ?? '').split('\n').find((line) => line.trim()) ?? 'the download failed';
      noDesktop(`the download failed: ${firstLine.trim()}`);
    }
  }
  if (binary) {
    build();
    runInForeground(spawn(binary, [join(import.meta.dirname, '..')], { stdio: 'inherit' }));
  }
}
