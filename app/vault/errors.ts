/** The errors the vault throws or rejects with, for callers that tell them apart. */

/**
 * A write (an account, a removal, the settings) that did not reach the disk. Neither the disk nor
 * what the vault holds in memory changed, so the same write can simply be tried again later.
 * `fsCode` is the file system's error code when there was one (`ENOSPC` disk full, `EROFS`
 * read-only, `EACCES`/`EPERM` no permission, `EIO`…); `cause` is the original error.
 */
export class VaultWriteError extends Error {
  readonly fsCode: string | undefined;

  constructor(message: string, options: { cause?: unknown; fsCode?: string | undefined } = {}) {
    super(message, { cause: options.cause });
    this.name = 'VaultWriteError';
    this.fsCode = options.fsCode ?? fsCodeOf(options.cause);
  }
}

/** Another TokenDock process holds the vault's folder (its lock file names a running process). */
export class VaultLockedError extends Error {
  readonly holderPid: number;
  readonly directory: string;

  constructor(holderPid: number, directory: string) {
    super(`Another TokenDock process (pid ${holderPid}) is using ${directory}. Quit it first.`);
    this.name = 'VaultLockedError';
    this.holderPid = holderPid;
    this.directory = directory;
  }
}

/** The `code` of a `node:fs` error (`ENOSPC`, `EROFS`…), or `undefined`. */
export function fsCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
