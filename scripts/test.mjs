// `npm test`: every check, in order of cost. All steps run even when one fails, so one run
// shows everything that is wrong; the exit code is non-zero if any failed.
// The browser steps (integration, web e2e) first look for Chromium (test/support/chromium-options.ts);
// without one they run `playwright install chromium` once, and if that fails they are not run:
// one line says how to get a browser, and each counts as a failed step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import './register-ts.mjs';

const { ensureChromium, locateChromium } = await import('../test/support/chromium-options.ts');

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const steps = [
  { name: 'format', cmd: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
  { name: 'lint', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'types (app)', cmd: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  {
    name: 'types (main, against electron.d.ts)',
    cmd: bin('tsc'),
    args: ['-p', 'main/tsconfig.json'],
  },
  { name: 'types (renderer)', cmd: bin('tsc'), args: ['-p', 'renderer/tsconfig.json'] },
  { name: 'types (tests)', cmd: bin('tsc'), args: ['-p', 'test/tsconfig.json'] },
  { name: 'types (bench)', cmd: bin('tsc'), args: ['-p', 'bench/tsconfig.json'] },
  { name: 'types (serve)', cmd: bin('tsc'), args: ['-p', 'serve/tsconfig.json'] },
  // What the command and the headless host tests run: out/serve, out/cli, out/renderer.
  { name: 'build', cmd: process.execPath, args: [join(root, 'scripts', 'build.mjs')] },
  vitestStep('unit', { browser: false }),
  // Most integration tests play the person in headless Chromium.
  vitestStep('integration', { browser: true }),
];
if (existsSync(join(root, 'playwright.config.ts'))) {
  steps.push({
    name: 'web e2e (playwright)',
    cmd: bin('playwright'),
    args: ['test'],
    browser: true,
    report: () => playwrightCounts(join(results, 'playwright.json')),
  });
}

// Electron end-to-end specs: run where an Electron binary is installed, else one line says why not.
steps.push({
  name: 'electron e2e (playwright _electron)',
  cmd: process.execPath,
  args: ['--import', './scripts/register-ts.mjs', 'test/electron/run.ts'],
  report: () => playwrightCounts(join(results, 'electron-playwright.json')),
  note: () => readNote(join(results, 'electron-e2e-skipped.txt')),
});

// `node scripts/test.mjs --only e2e,unit`: only the steps whose name contains one of the words.
const onlyAt = process.argv.indexOf('--only');
const only =
  onlyAt === -1 ? undefined : (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean);
if (only)
  steps.splice(0, steps.length, ...steps.filter((s) => only.some((w) => s.name.includes(w))));

const summary = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let browser; // looked for once, before the first browser step
for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  if (step.browser) {
    browser ??= findBrowser();
    if ('missing' in browser) {
      failed += 1;
      summary.push(`✗ ${step.name}: not run: no Chromium (see the line above)`);
      continue;
    }
  }
  step.before?.();
  const run = spawnSync(step.cmd, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(browser && 'path' in browser ? { CHROMIUM_PATH: browser.path } : {}),
      ...step.env,
    },
  });
  const ok = run.status === 0;
  const counts = step.report?.();
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  if (!ok && !(counts?.failed > 0)) failed += 1; // a failed check (lint, types) counts as one failure
  const note = step.note?.();
  summary.push(
    `${ok ? '✓' : '✗'} ${step.name}${note ? `: ${note}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

console.log(`\n${summary.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(summary.some((line) => line.startsWith('✗')) ? 1 : 0);

/**
 * Finds the Chromium of the browser steps, running `playwright install chromium` once when there
 * is none. Prints one line either way; the answer goes to the steps as CHROMIUM_PATH.
 */
function findBrowser() {
  const answer = ensureChromium({
    find: locateChromium,
    install: () => {
      console.log('No Chromium found: trying `playwright install chromium` once…');
      const install = spawnSync(bin('playwright'), ['install', 'chromium'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 15 * 60_000,
      });
      if (install.status === 0) return { ok: true };
      // Playwright prints each retry's stack: keep the first error line only.
      const output = `${install.stderr ?? ''}\n${install.stdout ?? ''}`;
      const error = output.split('\n').find((line) => /^\s*Error\b/.test(line));
      const reason = install.error?.message ?? error?.trim() ?? `exit code ${install.status}`;
      return { ok: false, reason: reason.replace(/^Error:\s*/, '') };
    },
  });
  if ('missing' in answer) console.log(`✗ browser tests not run: ${answer.missing}`);
  else
    console.log(
      `Chromium: ${answer.path} (${answer.installed ? 'just installed by Playwright' : answer.source})`,
    );
  return answer;
}

/** A vitest project as one step, with its own JSON report for the counts. */
function vitestStep(project, { browser }) {
  const file = join(results, `vitest-${project}.json`);
  return {
    name: `${project} (vitest)`,
    cmd: bin('vitest'),
    args: [
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
    ],
    browser,
    before: () => rmSync(file, { force: true }),
    report: () => vitestCounts(file),
  };
}

function vitestCounts(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return undefined;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: stats.expected ?? 0,
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
    skipped: stats.skipped ?? 0,
  };
}

function readNote(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
