import { chmodSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../ports';
import { isTemporaryName } from './file-names';
import {
  chmodOrReadOnly,
  DIRECTORY_MODE,
  FILE_MODE,
  lstatOrUndefined,
  symbolicLinkError,
} from './file-system';

/**
 * Makes sure a folder of the vault exists, is a real folder (a symbolic link is refused, not
 * followed) and is private to its owner (0700: created so, tightened when wider).
 */
export function prepareDirectory(directory: string, logger: Logger): void {
  let stats = lstatOrUndefined(directory);
  if (stats === undefined) {
    mkdirSync(directory, { recursive: true, mode: DIRECTORY_MODE });
    stats = lstatOrUndefined(directory);
  }
  if (stats?.isSymbolicLink()) throw symbolicLinkError(directory);
  if (stats === undefined || !stats.isDirectory()) {
    throw new Error(`Refusing to open the vault in ${directory}: it is not a folder.`);
  }
  if (process.platform !== 'win32' && (stats.mode & 0o777) !== DIRECTORY_MODE) {
    if (!chmodOrReadOnly(() => chmodSync(directory, DIRECTORY_MODE))) {
      logger.warn('vault: folder mode is not 0700, and the file system is read-only', {
        directory,
        mode: (stats.mode & 0o777).toString(8),
      });
      return;
    }
    logger.info('vault: folder mode tightened to 0700', {
      directory,
      was: (stats.mode & 0o777).toString(8),
    });
  }
}

/**
 * Goes once over a folder of the vault: removes temporary files left by atomic writes that a crash
 * interrupted, refuses a symbolic link among the managed files, and sets those readable by others
 * back to 0600 (except the ones `readLater` names: their reader tightens them through the open
 * file, which saves a system call per account at open). Returns the managed names, sorted.
 */
export function sweepDirectory(
  directory: string,
  isManaged: (name: string) => boolean,
  logger: Logger,
  readLater: (name: string) => boolean = () => false,
): string[] {
  const managed: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (isTemporaryName(entry.name)) {
      if (entry.isFile()) removeQuietly(path, logger);
      continue;
    }
    if (!isManaged(entry.name)) continue;
    if (entry.isSymbolicLink()) throw symbolicLinkError(path);
    if (!entry.isFile()) throw new Error(`Refusing to use ${path}: it is not a regular file.`);
    managed.push(entry.name);
  }
  managed.sort();
  if (process.platform !== 'win32') {
    for (const name of managed) {
      if (!readLater(name)) tightenFileMode(join(directory, name), logger);
    }
  }
  return managed;
}

function tightenFileMode(path: string, logger: Logger): void {
  const stats = lstatOrUndefined(path);
  if (stats === undefined || !stats.isFile() || (stats.mode & 0o777) === FILE_MODE) return;
  if (!chmodOrReadOnly(() => chmodSync(path, FILE_MODE))) return;
  logger.info('vault: file mode tightened to 0600', {
    path,
    was: (stats.mode & 0o777).toString(8),
  });
}

function removeQuietly(path: string, logger: Logger): void {
  try {
    unlinkSync(path);
    logger.info('vault: removed a temporary file left by an interrupted write', { path });
  } catch (error) {
    logger.warn('vault: could not remove a temporary file', {
      path,
      code: (error as NodeJS.ErrnoException).code,
    });
  }
}
