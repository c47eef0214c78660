import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Figure } from '../measure';

/** The renderer's production JavaScript, gzipped, as Electron loads it. */
export async function bundleFigure(root: string): Promise<Figure> {
  await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'silent' });
  const assets = join(root, 'out', 'renderer', 'assets');
  let gzip = 0;
  let raw = 0;
  for (const file of await readdir(assets)) {
    if (!file.endsWith('.js')) continue;
    const bytes = await readFile(join(assets, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = gzip / 1024;
  return {
    name: 'bundle',
    how: 'renderer production build, JS gzipped',
    unit: 'KB',
    median: kb,
    min: kb,
    max: kb,
    target: '< 250 KB',
    meetsTarget: kb < 250,
    notes: `${(raw / 1024).toFixed(0)} KB before gzip`,
  };
}
