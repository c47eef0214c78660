import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { runBenchChild } from './child';
import { bundleFigure } from './figures/bundle';
import { cachedGetToken } from './figures/cached-get-token';
import { cliTokenFigure } from './figures/cli-token';
import { msalFigures } from './figures/msal';
import { overheadFigures } from './figures/overhead';
import { idleFigure, stormFigure } from './figures/storm-and-idle';
import { uiFigures } from './figures/ui';
import { vaultFigures } from './figures/vault-io';
import type { Figure } from './measure';

/**
 * `npm run bench`: every figure of the performance budget, measured here and now against the
 * sandbox provider on loopback. Prints one table and writes bench/results.json.
 */
const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const steps: Array<[string, () => Promise<Figure | Figure[]>]> = [
  ['cached', cachedGetToken],
  ['cli', () => cliTokenFigure(root)],
  ['overhead', overheadFigures],
  ['vault', vaultFigures],
  // In processes of their own (see figure-child.ts); the MSAL figure runs its own children.
  ['growth', () => runBenchChild<Figure[]>('figure-child.ts', ['growth'])],
  ['msal', msalFigures],
  ['steady', () => runBenchChild<Figure[]>('figure-child.ts', ['steady'])],
  ['bundle', () => bundleFigure(root)],
  ['ui', uiFigures],
  ['storm', stormFigure],
  ['idle', () => idleFigure()],
];
const unknown = only.filter((key) => !steps.some(([name]) => name === key));
if (unknown.length > 0) {
  console.error(
    `unknown figure(s): ${unknown.join(', ')}; known: ${steps.map(([k]) => k).join(', ')}`,
  );
  process.exit(2);
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();
const began = performance.now();
const figures: Figure[] = [];
for (const [key, step] of steps) {
  if (only.length && !only.includes(key)) continue;
  process.stderr.write(`measuring ${key}…\n`);
  const started = performance.now();
  const result = await step();
  figures.push(...(Array.isArray(result) ? result : [result]));
  process.stderr.write(`  ${key}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const format = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
const rows = figures.map((f) => [
  f.name,
  `${format(f.median)} ${f.unit}`,
  format(f.min),
  format(f.max),
  f.target || '-',
  f.meetsTarget === undefined ? '-' : f.meetsTarget ? 'met' : 'missed',
  f.notes ?? '',
]);
const header = ['figure', 'median', 'min', 'max', 'target', 'target met', 'notes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
const withTarget = figures.filter((f) => f.meetsTarget !== undefined);
const missed = withTarget.filter((f) => f.meetsTarget === false).map((f) => f.name);
const seconds = (performance.now() - began) / 1000;
const machine = `${cpus().length} cores; load average ${loadBefore} before, ${load()} after`;
console.log(
  `\nTargets met: ${withTarget.length - missed.length} of ${withTarget.length}${missed.length ? ` (missed: ${missed.join('; ')})` : ''}.`,
);
console.log(`Took ${seconds.toFixed(0)} s on ${machine}.`);
await mkdir(join(root, 'bench'), { recursive: true });
await writeFile(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ measuredOn: new Date().toISOString(), node: process.version, machine, seconds, figures }, null, 2)}\n`,
);
console.log('\nWritten to bench/results.json.');
