import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFigure } from './figures/bundle';
import { cachedGetToken } from './figures/cached-get-token';
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
  ['overhead', overheadFigures],
  ['vault', vaultFigures],
  ['bundle', () => bundleFigure(root)],
  ['ui', uiFigures],
  ['storm', stormFigure],
  ['idle', () => idleFigure()],
];
const figures: Figure[] = [];
for (const [key, step] of steps) {
  if (only.length && !only.includes(key)) continue;
  process.stderr.write(`measuring ${key}…\n`);
  const result = await step();
  figures.push(...(Array.isArray(result) ? result : [result]));
}

const format = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
const rows = figures.map((f) => [
  f.name,
  `${format(f.median)} ${f.unit}`,
  format(f.min),
  format(f.max),
  f.target,
  f.meetsTarget ? 'yes' : 'NO',
  f.notes ?? '',
]);
const header = ['figure', 'median', 'min', 'max', 'target', 'meets target', 'notes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
await mkdir(join(root, 'bench'), { recursive: true });
await writeFile(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ measuredOn: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
);
console.log('\nWritten to bench/results.json.');
