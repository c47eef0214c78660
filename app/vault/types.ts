import type { AccountRecord, SecretKey, SecretKind, Settings } from '../accounts/types';
import type { StorageProtection } from '../contract/settings';

export type { StorageProtection } from '../contract/settings';

/**
 * Something the vault found wrong (at open, or when a secret was read), and what it did.
 * `undecryptable`: the cipher works but the secret does not open (another machine's key, damage).
 * `locked`: the cipher cannot open anything now (keyring locked, access denied, not ready); the
 * problem goes away once the secrets open (`retryLocked`). Both are kept sealed, never dropped.
 */
export type VaultProblem =
  | { kind: 'quarantined'; file: string; movedTo: string; reason: string }
  | { kind: 'undecryptable'; accountId: string; secretKinds: SecretKind[] }
  | { kind: 'locked'; accountId: string; secretKinds: SecretKind[] };

/** What the vault holds besides secrets. */
export interface VaultData {
  accounts: AccountRecord[];
  settings: Settings;
}

/** One change to the secrets: a value to keep, or `undefined` to delete. */
export interface SecretChange {
  key: SecretKey;
  value: string | undefined;
}

/** One account's record as it is to be stored, with changes to that account's secrets. */
export interface AccountWrite {
  account: AccountRecord;
  /** Changes to this account's secrets only; secrets not named here are kept as they are. */
  secrets?: readonly SecretChange[];
}

/**
 * Accounts, settings and secrets at rest, one file per account (its record and its sealed
 * secrets), so a change writes only what changed and damage stays with its entry. Secrets are
 * sealed only through the Cipher port and opened on first read. Every write is atomic (temporary
 * file, fsync, rename, fsync of the folder) and asynchronous; a failed write rejects with a
 * `VaultWriteError` and changes neither the disk nor what the vault holds. A lock file keeps a
 * second process out of the folder.
 */
export interface Vault {
  readonly directory: string;
  readonly protection: StorageProtection;
  /** What was found wrong: at open (set-aside files and entries) and since (secrets that would not open). */
  readonly problems: readonly VaultProblem[];
  /** A copy of the accounts and settings as opened. */
  load(): VaultData;
  /**
   * A secret's value, opened (decrypted) on first read and then held in memory. `undefined` when
   * there is none, or when it cannot be opened: then it stays sealed on disk, untouched, and a
   * problem is recorded: `locked` when the cipher cannot work now (`CipherLockedError`; the
   * account is then `isLocked` until `retryLocked` opens it), `undecryptable` otherwise. While an
   * account is locked its other secrets are not tried either (one attempt per retry, not one per
   * read: a locked Keychain may ask the person every time).
   */
  readSecret(key: SecretKey): string | undefined;
  /** Whether some of the account's secrets could not be opened because the cipher was locked. */
  isLocked(accountId: string): boolean;
  /**
   * Tries the secrets of every locked account again. Returns the accounts no longer locked: their
   * secrets opened, or (with a working cipher) turned out `undecryptable`. Nothing is written.
   */
  retryLocked(): string[];
  /** Whether a secret is held for `key` (sealed or open), without opening it. */
  hasSecret(key: SecretKey): boolean;
  /**
   * Writes one account's file. Resolves once it is durable on disk (or, when secrets may not go to
   * disk, once the record is; the secrets are then held in memory). Writes of one account are
   * applied in call order.
   */
  writeAccount(write: AccountWrite): Promise<void>;
  /** Deletes an account's file and every secret of it, on disk and in memory. */
  removeAccount(accountId: string): Promise<void>;
  /** Replaces the settings; rejects with a TypeError (saving nothing) when a value is invalid. */
  saveSettings(settings: Settings): Promise<void>;
  /** Turns writing secrets to disk under an unprotected cipher on or off (off deletes them from disk). */
  setPersistUnprotected(optIn: boolean): Promise<void>;
  /** Every file the vault writes, for tests that scan them. */
  files(): string[];
  /** Waits for writes under way, then releases the lock. The vault is not used after this. */
  close(): Promise<void>;
}
