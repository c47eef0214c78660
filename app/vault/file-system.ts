import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner read/write only. */
export const FILE_MODE = 0o600;
/** Owner only. */
export const DIRECTORY_MODE = 0o700;

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
/** Opening a FIFO put in a file's place must not block the process. */
const NON_BLOCK = constants.O_NONBLOCK ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;

/** `lstat`, or `undefined` when nothing is there. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Runs a chmod; returns false instead of throwing when the file system is read-only (the vault
 * still opens there, to read; nothing can be written anyway).
 */
export function chmodOrReadOnly(chmod: () => void): boolean {
  try {
    chmod();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS') return false;
    throw error;
  }
}

/** True for the "no such file" error of `node:fs`. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The error for a symbolic link where the vault expected its own file or folder. */
export function symbolicLinkError(path: string): Error {
  return new Error(
    `Refusing to use ${path}: it is a symbolic link, and the vault never follows one.`,
  );
}

/**
 * Throws when `path` is a symbolic link (the vault never follows one: it could point anywhere)
 * or something other than a regular file. Returns whether the file exists.
 */
export function assertRegularFileOrAbsent(path: string): boolean {
  const stats = lstatOrUndefined(path);
  if (stats === undefined) return false;
  if (stats.isSymbolicLink()) throw symbolicLinkError(path);
  if (!stats.isFile()) throw new Error(`Refusing to use ${path}: it is not a regular file.`);
  return true;
}

/** Options of `readFileNoFollow`. */
export interface ReadOptions {
  /**
   * Set a file readable by others back to 0600 through the open file (one system call less than
   * a separate chmod), and tell this function the mode it had.
   */
  tighten?: (wasMode: number) => void;
  /**
   * Read into this buffer when the file fits, and return a view of it (valid until the next read
   * into the same buffer): reading thousands of small files then allocates nothing.
   */
  scratch?: Buffer;
}

/**
 * Reads a file without following a symbolic link (one in its place makes this throw);
 * `undefined` when it does not exist. Four system calls: open, fstat, read, close.
 */
export function readFileNoFollow(path: string, options: ReadOptions = {}): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NO_FOLLOW | NON_BLOCK);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symbolicLinkError(path);
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`Refusing to use ${path}: not a regular file.`);
    const { tighten, scratch } = options;
    if (
      tighten !== undefined &&
      process.platform !== 'win32' &&
      (stats.mode & 0o777) !== FILE_MODE
    ) {
      if (chmodOrReadOnly(() => fchmodSync(fd, FILE_MODE))) tighten(stats.mode & 0o777);
    }
    // One byte more than the size: a file that grew since the fstat does not fit, and is read
    // whole the usual way.
    if (scratch === undefined || stats.size >= scratch.length) return readFileSync(fd);
    let length = 0;
    for (;;) {
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === scratch.length) {
        return Buffer.concat([scratch, readFileSync(fd)]);
      }
    }
    return scratch.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Folder fsync errors that only mean "this platform cannot do that" (Windows). */
function isUnsupportedFolderSync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF';
}

/** Flushes a folder's entries (a rename or unlink in it) to disk. A no-op where unsupported. */
export function fsyncDirectorySync(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, constants.O_RDONLY);
    fsyncSync(fd);
  } catch (error) {
    if (!isUnsupportedFolderSync(error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The asynchronous `fsyncDirectorySync`, on a worker thread: the event loop does not wait. */
export async function fsyncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedFolderSync(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function temporaryPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-${randomBytes(8).toString('hex')}`);
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the new
 * one: a temporary file in the same folder (mode 0600, created exclusively), fsync, rename over
 * the target, fsync the folder. The rename replaces a symbolic link rather than following it.
 * For open time only (it blocks); writes after open use `writeFileAtomic`.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPathFor(path);
  const fd = openSync(temporary, CREATE_NEW, FILE_MODE);
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
    if (!renamed) removeQuietlySync(temporary);
  }
  fsyncDirectorySync(dirname(path));
}

/**
 * The asynchronous atomic replace: temporary file (0600, exclusive, never through a link), write,
 * `datasync`, close, rename over `path`, fsync of the folder; every step on libuv's thread pool,
 * so the event loop never waits for the disk. On failure the temporary file is removed (when it
 * can be) and `path` is as it was, unless only the final folder fsync failed: then the rename was
 * done but is not known to be durable.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path);
  const handle = await open(temporary, CREATE_NEW, FILE_MODE);
  let renamed = false;
  try {
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temporary).catch(() => undefined);
  }
  await fsyncDirectory(dirname(path));
}

/**
 * Throws when `path` is now a symbolic link or not a regular file (something was put in the
 * vault's place after it opened); fine when nothing is there.
 */
export async function assertNotLinked(path: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw symbolicLinkError(path);
  if (!stats.isFile()) throw new Error(`Refusing to use ${path}: it is not a regular file.`);
}

/** Deletes a file if it is there, and makes that durable. Resolves with whether it was there. */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await fsyncDirectory(dirname(path));
  return true;
}

function removeQuietlySync(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // best effort: a stale temporary file is removed at the next open anyway
  }
}
