import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountRecord, SecretKey, SecretKind, Settings } from '../accounts/types';
import { CipherLockedError, type Cipher, type Logger } from '../ports';
import { serializeAccountFile } from './account-file';
import { accountShapeProblem } from './account-shape';
import { VaultWriteError, fsCodeOf } from './errors';
import {
  ACCOUNTS_FOLDER,
  SETTINGS_FILE,
  accountFileName,
  isManagedAccountsName,
  isManagedRootName,
  isSafeAccountId,
} from './file-names';
import { assertNotLinked, isNotFound, removeFile, writeFileAtomic } from './file-system';
import { type HeldAccount, type HeldSecret, sealAll, sealedEntries } from './held-secrets';
import { type HeldLock, releaseLock } from './lock';
import { checkedSecretKey, secretSlot } from './secret-keys';
import { serializeSettingsFile } from './settings-file';
import { checkedSettings } from './settings-shape';
import { isRecord } from './shape-guards';
import type { AccountWrite, StorageProtection, Vault, VaultData, VaultProblem } from './types';
import { WriteQueue } from './write-queue';

export interface FileVaultParts {
  directory: string;
  cipher: Cipher;
  logger: Logger;
  lock: HeldLock | undefined;
  settings: Settings;
  accounts: Map<string, HeldAccount>;
  problems: VaultProblem[];
}

interface CheckedChange {
  slot: string;
  key: SecretKey;
  value: string | undefined;
}

interface CheckedWrite {
  account: AccountRecord;
  changes: CheckedChange[];
}

/** What opening a sealed secret gave: its value, "not now" (the cipher is locked), or "never". */
type Opening = { value: string } | { locked: true } | { never: true };

/** How many account files a change of where secrets live rewrites at once. */
const REWRITE_CONCURRENCY = 8;

/**
 * The vault over its folder, opened by `openVault`. It holds every account's record and secrets
 * in memory as they are on disk; a write takes effect in memory only once its file is durable,
 * so a failed write leaves both as they were.
 */
export class FileVault implements Vault {
  readonly directory: string;
  readonly #accountsFolder: string;
  readonly #cipher: Cipher;
  readonly #logger: Logger;
  readonly #accounts: Map<string, HeldAccount>;
  /** Lower-cased id → id: ids that differ only in case would share a file on macOS and Windows. */
  readonly #folded = new Map<string, string>();
  readonly #problems: VaultProblem[];
  /** Account id → slots of its secrets that did not open because the cipher was locked. */
  readonly #locked = new Map<string, Map<string, SecretKind>>();
  readonly #queue = new WriteQueue();
  #settings: Settings;
  #lock: HeldLock | undefined;
  #closed = false;

  constructor(parts: FileVaultParts) {
    this.directory = parts.directory;
    this.#accountsFolder = join(parts.directory, ACCOUNTS_FOLDER);
    this.#cipher = parts.cipher;
    this.#logger = parts.logger;
    this.#lock = parts.lock;
    this.#settings = parts.settings;
    this.#accounts = parts.accounts;
    this.#problems = [...parts.problems];
    for (const id of this.#accounts.keys()) this.#folded.set(id.toLowerCase(), id);
  }

  get protection(): StorageProtection {
    return {
      isProtected: this.#cipher.isProtected,
      backend: this.#cipher.backend,
      secretsOnDisk: this.#secretsOnDisk(),
    };
  }

  get problems(): readonly VaultProblem[] {
    return Object.freeze(structuredClone(this.#problems));
  }

  /** A copy of the accounts (oldest first, then by id) and the settings. */
  load(): VaultData {
    const accounts = [...this.#accounts.values()]
      .map((held) => held.record)
      .sort((a, b) => a.createdOn - b.createdOn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return structuredClone({ accounts, settings: this.#settings });
  }

  readSecret(key: SecretKey): string | undefined {
    const checked = checkedSecretKey(key);
    const slot = secretSlot(checked);
    const held = this.#accounts.get(checked.accountId)?.secrets.get(slot);
    if (held === undefined) return undefined;
    if (held.value !== undefined) return held.value;
    // Locked: wait for `retryLocked` rather than ask a locked key store once per read.
    const opening: Opening = this.#locked.has(checked.accountId)
      ? { locked: true }
      : this.#open(held);
    if ('locked' in opening) {
      this.#recordLocked(checked.accountId, slot, checked.kind);
      return undefined;
    }
    if ('never' in opening) {
      this.#recordUndecryptable(checked.accountId, checked.kind);
      return undefined;
    }
    held.value = opening.value;
    return opening.value;
  }

  isLocked(accountId: string): boolean {
    return this.#locked.has(accountId);
  }

  retryLocked(): string[] {
    const unlocked: string[] = [];
    for (const [accountId, slots] of [...this.#locked]) {
      const secrets = this.#accounts.get(accountId)?.secrets;
      for (const [slot, kind] of [...slots]) {
        const held = secrets?.get(slot);
        if (held === undefined || held.value !== undefined) {
          slots.delete(slot);
          continue;
        }
        const opening = this.#open(held);
        if ('locked' in opening) continue;
        slots.delete(slot);
        if ('never' in opening) this.#recordUndecryptable(accountId, kind);
        else held.value = opening.value;
      }
      if (this.#settleLocked(accountId)) unlocked.push(accountId);
    }
    if (unlocked.length > 0) {
      this.#logger.info('vault: locked secrets open again', { accounts: unlocked.length });
    }
    return unlocked;
  }

  hasSecret(key: SecretKey): boolean {
    const checked = checkedSecretKey(key);
    return this.#accounts.get(checked.accountId)?.secrets.has(secretSlot(checked)) ?? false;
  }

  writeAccount(write: AccountWrite): Promise<void> {
    let checked: CheckedWrite;
    try {
      checked = this.#checkWrite(write);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.#queue.run(checked.account.id, () => this.#applyWrite(checked));
  }

  removeAccount(accountId: string): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (!isSafeAccountId(accountId)) {
      return Promise.reject(new TypeError('That is not an account id the vault could hold.'));
    }
    return this.#queue.run(accountId, async () => {
      const path = this.#accountPath(accountId);
      try {
        await assertNotLinked(path);
        await removeFile(path);
      } catch (error) {
        throw writeError(path, error);
      }
      const held = this.#accounts.get(accountId);
      this.#accounts.delete(accountId);
      this.#locked.delete(accountId);
      this.#settleLocked(accountId);
      if (this.#folded.get(accountId.toLowerCase()) === accountId) {
        this.#folded.delete(accountId.toLowerCase());
      }
      this.#logger.info('vault: account removed', { accountId, secrets: held?.secrets.size ?? 0 });
    });
  }

  saveSettings(settings: Settings): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    let checked: Settings;
    try {
      checked = checkedSettings(settings);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.#queue.exclusive(() => this.#applySettings(() => checked));
  }

  setPersistUnprotected(optIn: boolean): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (typeof optIn !== 'boolean') {
      return Promise.reject(new TypeError('setPersistUnprotected takes true or false.'));
    }
    return this.#queue.exclusive(() =>
      this.#applySettings((current) => ({ ...current, persistUnprotectedSecrets: optIn })),
    );
  }

  files(): string[] {
    return [
      ...managedFilesIn(this.directory, isManagedRootName),
      ...managedFilesIn(this.#accountsFolder, isManagedAccountsName),
    ].sort();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
    const lock = this.#lock;
    this.#lock = undefined;
    if (lock !== undefined) await releaseLock(lock, this.#logger);
  }

  #secretsOnDisk(): boolean {
    return this.#cipher.isProtected || this.#settings.persistUnprotectedSecrets;
  }

  #accountPath(accountId: string): string {
    return join(this.#accountsFolder, accountFileName(accountId));
  }

  /**
   * Opens a sealed secret: its value; `locked` when the cipher cannot work now
   * (`CipherLockedError`); `never` when it does not open with a working cipher (not base64,
   * damage, another key).
   */
  #open(held: HeldSecret): Opening {
    if (held.sealed === undefined) return { never: true };
    try {
      const value: unknown = this.#cipher.decrypt(Buffer.from(held.sealed, 'base64'));
      return typeof value === 'string' ? { value } : { never: true };
    } catch (error) {
      return error instanceof CipherLockedError ? { locked: true } : { never: true };
    }
  }

  #recordLocked(accountId: string, slot: string, kind: SecretKind): void {
    let slots = this.#locked.get(accountId);
    const first = slots === undefined;
    if (slots === undefined) this.#locked.set(accountId, (slots = new Map()));
    if (slots.has(slot)) return;
    slots.set(slot, kind);
    this.#settleLocked(accountId);
    if (first) {
      this.#logger.warn('vault: the cipher is locked; the secrets are kept sealed', {
        accountId,
        kind,
      });
    }
  }

  /**
   * Brings the account's `locked` problem in line with its locked slots (dropping slots whose
   * secret is gone or open). Returns true when the account is no longer locked.
   */
  #settleLocked(accountId: string): boolean {
    const slots = this.#locked.get(accountId);
    const secrets = this.#accounts.get(accountId)?.secrets;
    for (const slot of slots?.keys() ?? []) {
      const held = secrets?.get(slot);
      if (held === undefined || held.value !== undefined) slots!.delete(slot);
    }
    const index = this.#problems.findIndex(
      (problem) => problem.kind === 'locked' && problem.accountId === accountId,
    );
    if (slots === undefined || slots.size === 0) {
      this.#locked.delete(accountId);
      if (index >= 0) this.#problems.splice(index, 1);
      return true;
    }
    const problem: VaultProblem = {
      kind: 'locked',
      accountId,
      secretKinds: [...new Set(slots.values())],
    };
    if (index >= 0) this.#problems[index] = problem;
    else this.#problems.push(problem);
    return false;
  }

  #recordUndecryptable(accountId: string, kind: SecretKind): void {
    const index = this.#problems.findIndex(
      (problem) => problem.kind === 'undecryptable' && problem.accountId === accountId,
    );
    const existing = this.#problems[index];
    if (existing === undefined) {
      this.#problems.push({ kind: 'undecryptable', accountId, secretKinds: [kind] });
    } else if (existing.kind === 'undecryptable' && !existing.secretKinds.includes(kind)) {
      this.#problems[index] = { ...existing, secretKinds: [...existing.secretKinds, kind] };
    } else {
      return;
    }
    this.#logger.warn('vault: a secret does not decrypt; it is kept sealed', { accountId, kind });
  }

  /** Checks a write at call time (a TypeError, saving nothing) and takes a copy of it. */
  #checkWrite(write: AccountWrite): CheckedWrite {
    if (this.#closed) throw closedError();
    const value: unknown = write;
    if (!isRecord(value)) throw new TypeError('writeAccount takes { account, secrets? }.');
    const problem = accountShapeProblem(value.account);
    if (problem !== undefined) {
      throw new TypeError(`The account is malformed (${problem}); nothing was saved.`);
    }
    const account = structuredClone(value.account) as AccountRecord;
    if (!isSafeAccountId(account.id)) {
      throw new TypeError(
        'The account id cannot name a file (1 to 128 letters, digits, ".", "_" or "-"); nothing was saved.',
      );
    }
    const folded = account.id.toLowerCase();
    const other = this.#folded.get(folded);
    if (other !== undefined && other !== account.id) {
      throw new TypeError(
        'The account id differs from another only in case (they would share a file); nothing was saved.',
      );
    }
    if (value.secrets !== undefined && !Array.isArray(value.secrets)) {
      throw new TypeError('The secrets of a write are a list of changes; nothing was saved.');
    }
    const changes = ((value.secrets ?? []) as unknown[]).map((change): CheckedChange => {
      if (!isRecord(change)) throw new TypeError('A secret change is { key, value }.');
      const key = checkedSecretKey(change.key as SecretKey);
      if (key.accountId !== account.id) {
        throw new TypeError(
          "A secret change names another account than the write's; nothing was saved.",
        );
      }
      if (change.value !== undefined && typeof change.value !== 'string') {
        throw new TypeError(`The value for ${secretSlot(key)} is not a string; nothing was saved.`);
      }
      return { slot: secretSlot(key), key, value: change.value };
    });
    this.#folded.set(folded, account.id);
    return { account, changes };
  }

  async #applyWrite({ account, changes }: CheckedWrite): Promise<void> {
    let secrets = new Map(this.#accounts.get(account.id)?.secrets);
    for (const change of changes) {
      if (change.value === undefined) {
        secrets.delete(change.slot);
      } else if (secrets.get(change.slot)?.value !== change.value) {
        secrets.set(change.slot, { key: change.key, sealed: undefined, value: change.value });
      }
    }
    const onDisk = this.#secretsOnDisk();
    const path = this.#accountPath(account.id);
    if (onDisk) secrets = this.#sealAll(secrets, path);
    await this.#writeDurably(
      path,
      serializeAccountFile(account, onDisk ? sealedEntries(secrets) : []),
    );
    this.#accounts.set(account.id, { record: account, secrets });
    // Locked secrets this write replaced or deleted are no longer waited for.
    if (this.#locked.has(account.id)) this.#settleLocked(account.id);
    this.#logger.debug('vault: account written', {
      accountId: account.id,
      secretsChanged: changes.length,
      secretsOnDisk: onDisk,
    });
  }

  /**
   * Saves the settings. When that changes whether secrets may be on disk (the opt-in under an
   * unprotected cipher), every account file is rewritten first, with or without its secrets; if
   * any of that fails, the files already rewritten are put back and nothing changes.
   */
  async #applySettings(makeNext: (current: Settings) => Settings): Promise<void> {
    const next = checkedSettings(makeNext(this.#settings));
    const wasOnDisk = this.#secretsOnDisk();
    const willBeOnDisk = this.#cipher.isProtected || next.persistUnprotectedSecrets;
    const rewrite = wasOnDisk === willBeOnDisk ? undefined : await this.#rewriteAll(willBeOnDisk);
    try {
      await this.#writeDurably(join(this.directory, SETTINGS_FILE), serializeSettingsFile(next));
    } catch (error) {
      await rewrite?.undo();
      throw error;
    }
    this.#settings = next;
    if (rewrite !== undefined) {
      for (const [id, held] of rewrite.next) this.#accounts.set(id, held);
      if (willBeOnDisk) {
        this.#logger.warn('vault: secrets written to disk without OS protection (user opted in)', {
          backend: this.#cipher.backend,
          accounts: rewrite.next.size,
        });
      } else {
        this.#logger.info('vault: secrets removed from disk; kept in memory only', {
          backend: this.#cipher.backend,
          accounts: rewrite.next.size,
        });
      }
    }
  }

  /** Rewrites every account file with (`onDisk`) or without its secrets. */
  async #rewriteAll(
    onDisk: boolean,
  ): Promise<{ next: Map<string, HeldAccount>; undo: () => Promise<void> }> {
    const before = [...this.#accounts.values()];
    const next = new Map<string, HeldAccount>();
    const done: HeldAccount[] = [];
    const undo = (): Promise<void> => this.#restoreFiles(done, !onDisk);
    try {
      await forEachLimited(before, REWRITE_CONCURRENCY, async (held) => {
        const path = this.#accountPath(held.record.id);
        const secrets = onDisk ? this.#sealAll(held.secrets, path) : new Map(held.secrets);
        await this.#writeDurably(
          path,
          serializeAccountFile(held.record, onDisk ? sealedEntries(secrets) : []),
        );
        done.push(held);
        next.set(held.record.id, { record: held.record, secrets });
      });
    } catch (error) {
      await undo();
      throw error;
    }
    return { next, undo };
  }

  /** Puts account files back as they were (best effort: a failure is logged). */
  async #restoreFiles(accounts: readonly HeldAccount[], onDisk: boolean): Promise<void> {
    await forEachLimited(accounts, REWRITE_CONCURRENCY, async (held) => {
      const path = this.#accountPath(held.record.id);
      try {
        await writeFileAtomic(
          path,
          serializeAccountFile(held.record, onDisk ? sealedEntries(held.secrets) : []),
        );
      } catch (error) {
        // The file stays whole (the other version); the next write of the account corrects it.
        this.#logger.error('vault: could not put an account file back', {
          accountId: held.record.id,
          code: fsCodeOf(error),
        });
      }
    });
  }

  #sealAll(secrets: ReadonlyMap<string, HeldSecret>, path: string): Map<string, HeldSecret> {
    try {
      return sealAll(secrets, this.#cipher);
    } catch (error) {
      const why =
        error instanceof CipherLockedError
          ? 'the system key store is locked (or access to it was denied), so a new secret cannot be sealed now'
          : 'the cipher could not seal a secret';
      throw new VaultWriteError(`Could not write ${path}: ${why}. Nothing was changed.`, {
        cause: error,
      });
    }
  }

  async #writeDurably(path: string, bytes: Uint8Array): Promise<void> {
    try {
      await assertNotLinked(path);
      await writeFileAtomic(path, bytes);
    } catch (error) {
      throw writeError(path, error);
    }
  }
}

function closedError(): Error {
  return new Error('The vault is closed.');
}

const CODE_TEXT: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'an input/output error',
};

/** A VaultWriteError for a failed write of `path`. */
function writeError(path: string, error: unknown): VaultWriteError {
  if (error instanceof VaultWriteError) return error;
  const code = fsCodeOf(error);
  const what =
    code === undefined
      ? ((error as Error | undefined)?.message ?? String(error))
      : `${CODE_TEXT[code] ?? 'a file system error'} (${code})`;
  return new VaultWriteError(
    `Could not write ${path}: ${what}. Nothing was changed; the write can be tried again.`,
    { cause: error, fsCode: code },
  );
}

function managedFilesIn(folder: string, isManaged: (name: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return names.filter(isManaged).map((name) => join(folder, name));
}

/** Runs `task` over `items`, at most `limit` at once; after a failure starts no more, and throws it. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
