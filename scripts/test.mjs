// `npm test`: every check, in order of cost. All steps run even when one fails, so one run
// shows everything that is wrong; the exit code is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
  {
    name: 'unit + integration (vitest)',
    cmd: bin('vitest'),
    args: [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(results, 'vitest.json')}`,
    ],
    report: () => vitestCounts(join(results, 'vitest.json')),
  },
];
if (existsSync(join(root, 'playwright.config.ts'))) {
  steps.push({
    name: 'web e2e (playwright)',
    cmd: bin('playwright'),
    args: ['test'],
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

const summary = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  const run = spawnSync(step.cmd, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
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
