// `npm run self-test`: builds the app, runs it in the installed Electron binary with --self-test
// (hidden, with a temporary profile), and prints its report: one JSON line per check on standard
// output, one summary line on standard error. Exit code: 0 every check passed, 1 a check failed
// (or the app gave no report), 2 the self-test could not run here (no Electron binary, no display).
// `npm run self-test -- --no-build` skips the build and runs what is in out/.
import { electronBinary } from './electron-binary.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import './register-ts.mjs';

const { formatSelfTestReport, parseSelfTestReport, selfTestExitCode, summarizeSelfTest } =
  await import('../app/host/self-test.ts');

const root = join(import.meta.dirname, '..');
const TIMEOUT_MS = 4 * 60_000;

function cannotRun(reason) {
  console.log(`self-test: not run: ${reason}`);
  process.exit(2);
}

const binary = electronBinary();
if (binary.missing) cannotRun(`no Electron binary (${binary.missing})`);

const hasCommand = (command) => spawnSync('which', [command]).status === 0;
const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (headless && !hasCommand('xvfb-run'))
  cannotRun('no display (Linux without DISPLAY or WAYLAND_DISPLAY, and xvfb-run is not installed)');

// Build output goes to standard error: standard output carries only the report.
// `--no-build` runs what is in out/ already.
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (build.status !== 0) {
    console.log('self-test: not run: the build failed (see above)');
    process.exit(1);
  }
}

// The project folder: its package.json names out/main/index.js as the app's entry, and gives
// the app its name and version. Electron refuses to run as root without --no-sandbox.
const args = [root, '--self-test', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const [command, commandArgs] = headless
  ? ['xvfb-run', ['-a', binary.path, ...args]]
  : [binary.path, args];
const child = spawn(command, commandArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });

let stdout = '';
let stderr = '';
child.stdout.on('data', (chunk) => (stdout += chunk));
child.stderr.on('data', (chunk) => (stderr += chunk));
const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
const [code, signal] = await new Promise((done) =>
  child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
);
clearTimeout(timer);

const report = parseSelfTestReport(stdout);
if (report.length === 0) {
  const why = signal
    ? signal === 'SIGKILL'
      ? `no report within ${TIMEOUT_MS / 1000} s`
      : `Electron was stopped by ${signal}`
    : `Electron exited with code ${code}`;
  console.error(stderr.trim().split('\n').slice(-20).join('\n'));
  console.log(`self-test: no report (${why}); Electron's last output is above`);
  process.exit(1);
}
process.stdout.write(formatSelfTestReport(report));
console.error(summarizeSelfTest(report));
process.exit(selfTestExitCode(report) === 0 && code === 0 ? 0 : 1);
