import { renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../ports';
import { fsyncDirectorySync, lstatOrUndefined, writeFileAtomicSync } from './file-system';

/** `2026-11-24T23:01:02.345Z` → `20261124T230102Z`: UTC, sortable, safe in any file system. */
export function fileTimestamp(epochMs: number): string {
  const date = new Date(Number.isFinite(epochMs) ? epochMs : Date.now());
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** `<path>.corrupt-<timestamp>`, with `-2`, `-3`… when that name is already taken. */
export function quarantinePath(path: string, clock: Clock): string {
  const base = `${path}.corrupt-${fileTimestamp(clock.now())}`;
  let candidate = base;
  for (let n = 2; lstatOrUndefined(candidate) !== undefined; n += 1) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * Moves a damaged file aside (a rename: the live name is then free). Returns the new path. Used
 * at open only: it blocks.
 */
export function moveAside(path: string, clock: Clock): string {
  const target = quarantinePath(path, clock);
  renameSync(path, target);
  fsyncDirectorySync(dirname(path));
  return target;
}

/** Keeps a copy of a file's original bytes next to it before the file is rewritten. */
export function copyAside(path: string, original: Uint8Array, clock: Clock): string {
  const target = quarantinePath(path, clock);
  writeFileAtomicSync(target, original);
  return target;
}
