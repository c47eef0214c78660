// `npm run dist`: build the app, then package it for this platform with electron-builder
// (configuration: electron-builder.config.ts; output: dist/). Extra arguments go to
// electron-builder, e.g. `npm run dist -- --linux deb` or `npm run dist -- --dir`.
// Packaging needs the Electron zip (and, for deb/AppImage/dmg/nsis, electron-builder's tools),
// which come from GitHub; where that cannot be reached, it says how to supply a local copy.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(import.meta.dirname, '..');

/**
 * How electron-builder is run: its JavaScript entry (the `bin` of its package.json) under this
 * Node, with no shell, the same on every platform. `node_modules/.bin/electron-builder` is a shell
 * script: on Windows it is no executable (npm puts `.cmd` and `.ps1` shims beside it), and Node
 * spawns a `.cmd` only through a shell (`EINVAL` without one since CVE-2024-27980), where paths
 * with spaces need quoting.
 * @param {{ root: string, args: string[], execPath?: string }} input
 * @returns {{ command: string, args: string[], options: { cwd: string, shell: false, windowsHide: true } }}
 */
export function electronBuilderCommand({ root, args, execPath = process.execPath }) {
  const manifest = createRequire(join(root, 'package.json')).resolve(
    'electron-builder/package.json',
  );
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const entry = typeof bin === 'string' ? bin : bin['electron-builder'];
  return {
    command: execPath,
    args: [join(dirname(manifest), entry), ...args],
    options: { cwd: root, shell: false, windowsHide: true },
  };
}

/** Builds, then packages. */
function main() {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(
    readFileSync(join(dirname(require.resolve('electron/package.json')), 'package.json'), 'utf8'),
  );
  const platform = `${process.platform}-${process.arch}`;

  const build = spawnSync(process.execPath, [join(import.meta.dirname, 'build.mjs')], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);

  // TOKENDOCK_ELECTRON_DIST (a local Electron folder) is read by electron-builder.config.ts.
  const args = ['--config', 'electron-builder.config.ts', '--publish', 'never'];
  args.push(...process.argv.slice(2));

  const builder = electronBuilderCommand({ root, args });
  const child = spawn(builder.command, builder.args, {
    ...builder.options,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
  }
  child.on('exit', (code, signal) => {
    if (code === 0) {
      console.log('Packaged into dist/.');
      return;
    }
    const failure =
      output
        .split('\n')
        .find((line) => line.includes('⨯'))
        ?.replace(/\s+stackTrace=.*$/, '')
        .trim() ?? `electron-builder stopped (${signal ?? `exit code ${code}`})`;
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|github\.com/i.test(
      output,
    );
    console.error(`
TokenDock could not be packaged: ${failure}`);
    if (offline) {
      console.error(`electron-builder downloads the Electron ${version} zip for ${platform} (and, for deb,
AppImage, dmg and nsis, its packaging tools) from GitHub, which cannot be reached from here.
Give it local copies, then run npm run dist again:
  TOKENDOCK_ELECTRON_DIST=/path/to/electron npm run dist -- --dir
      an unpacked Electron ${version} folder; --dir makes an unpacked app, needing no other tool
  ELECTRON_MIRROR=https://mirror.example/electron/ npm run dist
      a mirror of Electron's releases reachable from here
  ELECTRON_BUILDER_BINARIES_MIRROR=https://mirror.example/electron-builder-binaries/ npm run dist
      a mirror of electron-builder's tools (fpm, appimagetool, nsis…)
`);
    }
    process.exit(code || 1);
  });
}

// Run as a script (`npm run dist`); imported (the unit test of the command), nothing runs.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
