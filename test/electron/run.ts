/**
 * The Electron end-to-end step of `npm test`: builds the app and runs the `_electron` specs (the
 * app's own `--self-test`, then the app driven through its window) where an Electron binary (and,
 * on Linux, a display) is there; otherwise prints one line saying why they were not run, records
 * it for the summary, and succeeds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary } from './electron-binary';

const root = join(import.meta.dirname, '..', '..');
const results = join(root, 'test-results');
const skippedFile = join(results, 'electron-e2e-skipped.txt');
mkdirSync(results, { recursive: true });
rmSync(skippedFile, { force: true });
rmSync(join(results, 'electron-playwright.json'), { force: true });

/** Prints the one line, records its short form for the summary of `npm test`, succeeds. */
function skip(short: string, detail: string): never {
  console.log(`electron e2e: skipped: ${short} (${detail})`);
  writeFileSync(skippedFile, `skipped: ${short}`);
  process.exit(0);
}

const binary = electronBinary();
if ('missing' in binary) skip('no Electron binary', binary.missing);

const hasCommand = (command: string) => spawnSync('which', [command]).status === 0;
const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (headless && !hasCommand('xvfb-run'))
  skip('no display', 'Linux without DISPLAY or WAYLAND_DISPLAY, and xvfb-run is not installed');

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const playwright = join(root, 'node_modules', '.bin', 'playwright');
const args = ['test', '--config', join(root, 'test', 'electron', 'playwright.config.ts')];
const run = headless
  ? spawnSync('xvfb-run', ['-a', playwright, ...args], { cwd: root, stdio: 'inherit' })
  : spawnSync(playwright, args, { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
