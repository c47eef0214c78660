import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { lstat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock, Logger } from '../ports';
import { VaultLockedError } from './errors';
import { LOCK_FILE } from './file-names';
import { FILE_MODE, fsyncDirectorySync, isNotFound, readFileNoFollow } from './file-system';
import { isRecord } from './shape-guards';

/**
 * The lock this process holds: the file, kept open, and its identity. Keeping it open pins the
 * inode: while we hold it no other file can get its number, so "same dev and ino" really means
 * "our file" when the lock is released (a lock taken over and created again is another file).
 */
export interface HeldLock {
  path: string;
  fd: number;
  dev: number;
  ino: number;
}

interface LockHolder {
  pid: number;
  startedAt?: string;
}

const CREATE_NEW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
/** Errors that mean "this folder cannot be written at all": there is nothing to protect then. */
const CANNOT_WRITE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT']);
const ATTEMPTS = 5;

/**
 * Takes `<directory>/tokendock.lock` for this process: created exclusively (`O_EXCL`, so of two
 * processes only one can), holding `{ pid, startedAt }`. When the file is there already:
 * - its pid is another process that is alive (`kill(pid, 0)` succeeds or fails with EPERM):
 *   throws VaultLockedError;
 * - its pid is dead, is this very process (a vault opened again without `close()`), or the file
 *   cannot be read: the lock is stale and taken over (logged).
 * A stale lock is taken over by renaming it to a unique name first and checking that what was
 * renamed is still what was judged stale: two processes taking over at once cannot both win, and
 * neither can remove a lock that a third one took in between.
 *
 * Returns `undefined` when the folder cannot be written at all (read-only file system, full disk,
 * no permission): the vault then opens without a lock (logged), as no process can change it.
 */
export function acquireLock(directory: string, clock: Clock, logger: Logger): HeldLock | undefined {
  const path = join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const created = tryCreate(path, clock, logger);
    if (created !== 'exists') return created;
    const raw = readFileNoFollow(path);
    if (raw === undefined) continue; // released in between: try again
    const holder = parseHolder(raw);
    if (holder !== undefined && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new VaultLockedError(holder.pid, directory);
    }
    let tookOver: boolean;
    try {
      tookOver = takeOver(path, raw);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined || !CANNOT_WRITE.has(code)) throw error;
      logger.warn('vault: the folder cannot be written; opened without a lock', { path, code });
      return undefined;
    }
    if (tookOver) {
      logger.warn('vault: took over a stale lock', {
        path,
        holderPid: holder?.pid,
        why:
          holder === undefined
            ? 'unreadable'
            : holder.pid === process.pid
              ? 'held by this process'
              : 'its process is not running',
      });
    }
  }
  throw new Error(`Could not take the lock ${path}: it kept changing while TokenDock started.`);
}

/** Removes the lock file if it is still the one this process created, and closes it. */
export async function releaseLock(lock: HeldLock, logger: Logger): Promise<void> {
  try {
    const stats = await lstat(lock.path);
    if (stats.dev === lock.dev && stats.ino === lock.ino) await unlink(lock.path);
  } catch (error) {
    if (!isNotFound(error)) {
      logger.warn('vault: could not remove the lock file', {
        path: lock.path,
        code: (error as NodeJS.ErrnoException).code,
      });
    }
  } finally {
    closeQuietly(lock.fd);
  }
}

/** `releaseLock`, blocking (when opening failed after the lock was taken). */
export function releaseLockSync(lock: HeldLock): void {
  try {
    const stats = lstatSync(lock.path);
    if (stats.dev === lock.dev && stats.ino === lock.ino) unlinkSync(lock.path);
  } catch {
    // nothing to release, or it cannot be removed: the next start finds it stale
  } finally {
    closeQuietly(lock.fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function tryCreate(path: string, clock: Clock, logger: Logger): HeldLock | undefined | 'exists' {
  let fd: number;
  try {
    fd = openSync(path, CREATE_NEW, FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== undefined && CANNOT_WRITE.has(code)) {
      logger.warn('vault: the folder cannot be written; opened without a lock', { path, code });
      return undefined;
    }
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    const content = Buffer.from(
      `${JSON.stringify({ pid: process.pid, startedAt: new Date(clock.now()).toISOString() })}\n`,
    );
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } catch (error) {
      // The file exists (empty or short) and is ours; another process would find it unreadable,
      // hence stale. That only happens while the disk is full, when nothing can be written anyway.
      logger.warn('vault: could not write the lock file', {
        path,
        code: (error as NodeJS.ErrnoException).code,
      });
    }
    // Held open read-only: a file open for writing would keep the file system from being
    // remounted read-only (and nothing is written to it again).
    const held = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const again = fstatSync(held);
    if (again.dev !== stats.dev || again.ino !== stats.ino) {
      closeSync(held);
      return 'exists'; // replaced in the blink between: look again
    }
    return { path, fd: held, dev: stats.dev, ino: stats.ino };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(raw: Buffer): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (!isRecord(value) || !Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) {
      return undefined;
    }
    return { pid: value.pid as number };
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock (whose bytes were `judged`) out of the way. Returns false when the file
 * renamed was no longer that one (then it is put back, and the caller looks again).
 */
function takeOver(path: string, judged: Buffer): boolean {
  const aside = `${path}.tmp-${randomBytes(8).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  const moved = readFileNoFollow(aside);
  if (moved === undefined || !moved.equals(judged)) {
    try {
      linkSync(aside, path); // fails (EEXIST) if yet another lock was created meanwhile
    } catch {
      // that newer lock stands; ours was a stale one anyway
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  fsyncDirectorySync(dirname(path));
  return true;
}
