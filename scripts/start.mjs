// `npm start`: make sure the Electron binary is there (download it as Electron's own installer
// does), build the app, and launch it. Where the binary cannot be had, say how to supply one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));

function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(
      override,
      relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
    return existsSync(candidate) ? candidate : undefined;
  }
  if (!relative) return undefined;
  const candidate = join(electronDir, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

function explainAndExit(reason) {
  const platform = `${process.platform}-${process.arch}`;
  // @electron/get keeps each download under sha256(<download folder URL>) inside the cache.
  const folder = createHash('sha256')
    .update(`https://github.com/electron/electron/releases/download/v${version}`)
    .digest('hex');
  console.error(`
TokenDock could not start: ${reason}
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
if (!binary) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    explainAndExit(
      `no electron executable in ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH}).`,
    );
  }
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
    explainAndExit(`the download failed (${firstLine.trim()}).`);
  }
}

const build = spawnSync(process.execPath, [join(import.meta.dirname, 'build.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(binary, [join(import.meta.dirname, '..')], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
