import type { AccountRecord, SecretKey, SecretKind, Settings } from '../accounts/types';
import type { StorageProtection } from '../contract/settings';

export type { StorageProtection } from '../contract/settings';

/** Something the vault found wrong when it opened, and what it did about it. */
export type VaultProblem =
  | { kind: 'quarantined'; file: string; movedTo: string; reason: string }
  | { kind: 'undecryptable'; accountId: string; secretKinds: SecretKind[] };

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

/**
 * Accounts, settings and secrets at rest. Metadata goes to an electron-store-compatible file;
 * secrets only through the Cipher port. Every write is atomic. A damaged file is moved aside and
 * reported in `problems`; the vault then starts from what it could keep.
 */
export interface Vault {
  readonly directory: string;
  readonly protection: StorageProtection;
  /** What was found wrong at open (quarantined files, secrets that would not decrypt). */
  readonly problems: readonly VaultProblem[];
  load(): VaultData;
  saveAccounts(accounts: readonly AccountRecord[]): void;
  saveSettings(settings: Settings): void;
  readSecret(key: SecretKey): string | undefined;
  /** Applies all changes at once: on disk either all of them are there or none. */
  writeSecrets(changes: readonly SecretChange[]): void;
  /** Deletes every secret of an account, in memory and on disk. */
  deleteAccountSecrets(accountId: string): void;
  /** Turns writing secrets to disk under an unprotected cipher on or off (off deletes them from disk). */
  setPersistUnprotected(optIn: boolean): void;
  /** Every file the vault writes, for tests that scan them. */
  files(): string[];
}
