import type { AccountRecord, SecretKey } from '../accounts/types';
import type { StorageState } from '../contract/settings';
import { CipherLockedError, type Logger, type Timers } from '../ports';
import type { SecretChange, Vault } from '../vault/types';
import { VaultWriteError } from '../vault/errors';

/** How long access-token writes may wait to be written together. */
const GROUP_COMMIT_MS = 200;
/** Retries of a failed write: 2 s, 4 s, … at most a minute apart. */
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export interface PersistenceOptions {
  vault: Vault;
  timers: Timers;
  logger: Logger;
  /** The account as it is now (undefined once removed): what a write stores. */
  account: (accountId: string) => AccountRecord | undefined;
  /** Called whenever the storage state changes (the UI shows "cannot save"). */
  onStateChange: (state: StorageState) => void;
  now: () => number;
}

/**
 * The one owner of what is not yet on disk. Each account's changes go to that account's own
 * file: a refresh token is written at once and the caller waits for it (durable before it is
 * returned or spent, RFC 9700 §4.14.2); access tokens may wait up to 200 ms to be written
 * together. Writes of one account run one after another. A failed write (full disk, read-only
 * folder) keeps its changes, retries with backoff and reports "cannot save"; nothing throws from a
 * timer.
 */
export class Persistence {
  readonly #options: PersistenceOptions;
  readonly #pending = new Map<string, Map<string, SecretChange>>();
  readonly #dirty = new Set<string>();
  /** What is being written now, per account (readable until the vault holds it). */
  readonly #writing = new Map<string, Map<string, SecretChange>>();
  readonly #chains = new Map<string, Promise<boolean>>();
  #groupTimer: unknown;
  #retryTimer: unknown;
  #failures = 0;
  #state: StorageState = { kind: 'ok' };
  #stopped = false;

  constructor(options: PersistenceOptions) {
    this.#options = options;
  }

  get state(): StorageState {
    return this.#state;
  }

  /**
   * Records changes of one account (its record as it is now, plus `secrets`). With `durable`, the
   * account's file is written now and the promise resolves once it is on disk (`true`) or the
   * write failed and will be retried (`false`); otherwise it is written within 200 ms.
   */
  save(
    accountId: string,
    secrets: readonly SecretChange[] = [],
    { durable }: { durable: boolean },
  ): Promise<boolean> {
    let pending = this.#pending.get(accountId);
    if (!pending) this.#pending.set(accountId, (pending = new Map()));
    for (const change of secrets) pending.set(entryKey(change), change);
    this.#dirty.add(accountId);
    if (durable || this.#stopped) return this.#flushAccount(accountId);
    this.#groupTimer ??= this.#options.timers.setTimeout(() => {
      this.#groupTimer = undefined;
      void this.flushAll();
    }, GROUP_COMMIT_MS);
    return Promise.resolve(true);
  }

  /** The newest change of a secret that is not on disk yet (`value: undefined`: deleted). */
  pending(key: SecretKey): SecretChange | undefined {
    const name = entryKey({ key, value: undefined });
    return (
      this.#pending.get(key.accountId)?.get(name) ?? this.#writing.get(key.accountId)?.get(name)
    );
  }

  /**
   * Removes an account's file once the writes already under way for it are done; anything not
   * yet written for it is dropped.
   */
  async remove(accountId: string): Promise<void> {
    this.#pending.delete(accountId);
    this.#dirty.delete(accountId);
    await this.#chains.get(accountId)?.catch(() => undefined);
    await this.#options.vault.removeAccount(accountId);
  }

  /** Writes every account with unwritten changes; true when all of them are on disk. */
  async flushAll(): Promise<boolean> {
    if (this.#groupTimer !== undefined) {
      this.#options.timers.clearTimeout(this.#groupTimer);
      this.#groupTimer = undefined;
    }
    const results = await Promise.all([...this.#dirty].map((id) => this.#flushAccount(id)));
    return results.every(Boolean);
  }

  /** No more timers: what comes later is written at once. Writes everything now. */
  async stop(): Promise<boolean> {
    this.#stopped = true;
    if (this.#retryTimer !== undefined) {
      this.#options.timers.clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
    }
    return this.flushAll();
  }

  #flushAccount(accountId: string): Promise<boolean> {
    const previous = this.#chains.get(accountId) ?? Promise.resolve(true);
    const next = previous.then(() => this.#writeOnce(accountId));
    this.#chains.set(accountId, next);
    void next.then(() => {
      if (this.#chains.get(accountId) === next) this.#chains.delete(accountId);
    });
    return next;
  }

  /** One attempt at writing one account: its record as it is now and its unwritten secrets. */
  async #writeOnce(accountId: string): Promise<boolean> {
    if (!this.#dirty.has(accountId)) return this.#state.kind === 'ok';
    const account = this.#options.account(accountId);
    const taken = this.#pending.get(accountId) ?? new Map<string, SecretChange>();
    this.#pending.delete(accountId);
    this.#dirty.delete(accountId);
    if (!account) return true;
    this.#writing.set(accountId, taken);
    try {
      await this.#options.vault.writeAccount({
        account: structuredClone(account),
        secrets: [...taken.values()],
      });
      this.#succeeded();
      return true;
    } catch (error) {
      // Keep what was taken, under anything newer that arrived meanwhile, and try again later.
      if (this.#options.account(accountId)) {
        const newer = this.#pending.get(accountId);
        const merged = new Map(taken);
        if (newer) for (const [key, change] of newer) merged.set(key, change);
        this.#pending.set(accountId, merged);
        this.#dirty.add(accountId);
      }
      this.#failed(error);
      return false;
    } finally {
      this.#writing.delete(accountId);
    }
  }

  #succeeded(): void {
    if (this.#dirty.size > 0 || this.#state.kind === 'ok') return;
    this.#failures = 0;
    this.#state = { kind: 'ok' };
    this.#options.logger.info('vault: writing works again; everything is saved');
    this.#options.onStateChange(this.#state);
  }

  #failed(error: unknown): void {
    this.#failures += 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.#failures - 1));
    const fsCode = error instanceof VaultWriteError ? error.fsCode : undefined;
    const locked = causes(error).some((cause) => cause instanceof CipherLockedError);
    this.#state = {
      kind: 'cannot-save',
      reason: locked
        ? 'Secure storage is locked: unlock the key store (keyring, Keychain) to save.'
        : describeWriteFailure(fsCode),
      ...(fsCode ? { fsCode } : {}),
      retryOn: this.#options.now() + delay,
    };
    this.#options.logger.error('vault: a write failed; changes are kept and retried', {
      fsCode,
      retryInMs: delay,
    });
    this.#options.onStateChange(this.#state);
    if (this.#retryTimer === undefined && !this.#stopped) {
      this.#retryTimer = this.#options.timers.setTimeout(() => {
        this.#retryTimer = undefined;
        void this.flushAll();
      }, delay);
    }
  }
}

/** What a failed write means, in words for people. */
function describeWriteFailure(fsCode: string | undefined): string {
  switch (fsCode) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full.';
    case 'EROFS':
      return 'The data folder is on a read-only file system.';
    case 'EACCES':
    case 'EPERM':
      return 'TokenDock may not write to its data folder.';
    default:
      return 'Writing to the data folder failed.';
  }
}

/** `error` and every `cause` under it. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let e = error;
    e !== null && e !== undefined && chain.length < 8;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e);
  return chain;
}

function entryKey(change: SecretChange): string {
  return `${change.key.targetId ?? '*'}/${change.key.kind}`;
}
