import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../ports';
import { isManagedName, isTemporaryName } from './file-names';
import { DIRECTORY_MODE, FILE_MODE, lstatOrUndefined, removeFile } from './file-system';

/**
 * Makes sure the vault's folder exists, is a real folder (a symbolic link is refused, not
 * followed) and is private to its owner (0700: created so, tightened when wider).
 */
export function prepareDirectory(directory: string, logger: Logger): void {
  let stats = lstatOrUndefined(directory);
  if (stats === undefined) {
    mkdirSync(directory, { recursive: true, mode: DIRECTORY_MODE });
    stats = lstatOrUndefined(directory);
  }
  if (stats?.isSymbolicLink()) {
    throw new Error(
      `Refusing to open the vault in ${directory}: it is a symbolic link, and the vault never follows one.`,
    );
  }
  if (stats === undefined || !stats.isDirectory()) {
    throw new Error(`Refusing to open the vault in ${directory}: it is not a folder.`);
  }
  if (process.platform !== 'win32' && (stats.mode & 0o777) !== DIRECTORY_MODE) {
    chmodSync(directory, DIRECTORY_MODE);
    logger.info('vault: folder mode tightened to 0700', {
      directory,
      was: (stats.mode & 0o777).toString(8),
    });
  }
}

/** Sets every managed file that is readable by others back to 0600. */
export function tightenFileModes(directory: string, logger: Logger): void {
  if (process.platform === 'win32') return;
  for (const name of readdirSync(directory)) {
    if (!isManagedName(name)) continue;
    const path = join(directory, name);
    const stats = lstatOrUndefined(path);
    if (stats === undefined || !stats.isFile() || (stats.mode & 0o777) === FILE_MODE) continue;
    chmodSync(path, FILE_MODE);
    logger.info('vault: file mode tightened to 0600', {
      path,
      was: (stats.mode & 0o777).toString(8),
    });
  }
}

/** Removes temporary files left by an atomic write that a crash interrupted. */
export function removeStaleTemporaryFiles(directory: string, logger: Logger): void {
  for (const name of readdirSync(directory)) {
    if (!isTemporaryName(name)) continue;
    const path = join(directory, name);
    if (lstatOrUndefined(path)?.isFile() !== true) continue;
    removeFile(path);
    logger.info('vault: removed a temporary file left by an interrupted write', { path });
  }
}

/** The absolute paths of every file the vault manages in `directory`, sorted. */
export function listManagedFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter(isManagedName)
    .sort()
    .map((name) => join(directory, name));
}
