import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Owner read/write only. */
export const FILE_MODE = 0o600;
/** Owner only. */
export const DIRECTORY_MODE = 0o700;

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** `lstat`, or `undefined` when nothing is there. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** True for the "no such file" error of `node:fs`. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * Throws when `path` is a symbolic link (the vault never follows one: it could point anywhere)
 * or something other than a regular file. Returns whether the file exists.
 */
export function assertRegularFileOrAbsent(path: string): boolean {
  const stats = lstatOrUndefined(path);
  if (stats === undefined) return false;
  if (stats.isSymbolicLink()) {
    throw new Error(
      `Refusing to use ${path}: it is a symbolic link, and the vault never follows one.`,
    );
  }
  if (!stats.isFile()) throw new Error(`Refusing to use ${path}: it is not a regular file.`);
  return true;
}

/** Reads a file without following a symbolic link; `undefined` when it does not exist. */
export function readFileNoFollow(path: string): Buffer | undefined {
  if (!assertRegularFileOrAbsent(path)) return undefined;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`Refusing to use ${path}: not a regular file.`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename or unlink in it) to disk. A no-op where unsupported. */
export function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, constants.O_RDONLY);
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Windows cannot open or fsync a folder; the rename is as durable as it gets there.
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the new
 * one: a temporary file in the same folder (mode 0600, created exclusively), fsync, rename over
 * the target, fsync the folder. The rename replaces a symbolic link rather than following it.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const directory = dirname(path);
  const temporary = join(directory, `${basename(path)}.tmp-${randomBytes(8).toString('hex')}`);
  const fd = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW,
    FILE_MODE,
  );
  let closed = false;
  let renamed = false;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temporary, path);
    renamed = true;
  } finally {
    if (!closed) closeSync(fd);
    if (!renamed) removeQuietly(temporary);
  }
  fsyncDirectory(directory);
}

/** Deletes a file if it is there, and makes the deletion durable. Returns whether it was there. */
export function removeFile(path: string): boolean {
  try {
    unlinkSync(path);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  fsyncDirectory(dirname(path));
  return true;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // best effort: a stale temporary file is removed at the next open anyway
  }
}
