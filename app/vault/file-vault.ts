import type { AccountRecord, SecretKey, Settings } from '../accounts/types';
import type { Cipher, Logger } from '../ports';
import { accountShapeProblem } from './account-shape';
import { listManagedFiles } from './directory';
import type { MetadataStore } from './metadata-store';
import type { SecretStore } from './secret-store';
import { checkedSettings } from './settings-shape';
import type { SecretChange, StorageProtection, Vault, VaultData, VaultProblem } from './types';

export interface FileVaultParts {
  directory: string;
  cipher: Cipher;
  logger: Logger;
  metadata: MetadataStore;
  data: VaultData;
  secrets: SecretStore;
  problems: VaultProblem[];
}

/**
 * The vault over its two files, opened by `openVault`. Everything is held in memory; every change
 * is written first and takes effect in memory only once the write succeeded.
 */
export class FileVault implements Vault {
  readonly directory: string;
  readonly problems: readonly VaultProblem[];
  readonly #cipher: Cipher;
  readonly #logger: Logger;
  readonly #metadata: MetadataStore;
  readonly #secrets: SecretStore;
  #data: VaultData;

  constructor(parts: FileVaultParts) {
    this.directory = parts.directory;
    this.problems = Object.freeze([...parts.problems]);
    this.#cipher = parts.cipher;
    this.#logger = parts.logger;
    this.#metadata = parts.metadata;
    this.#secrets = parts.secrets;
    this.#data = parts.data;
  }

  get protection(): StorageProtection {
    return {
      isProtected: this.#cipher.isProtected,
      backend: this.#cipher.backend,
      secretsOnDisk: this.#secretsOnDisk(),
    };
  }

  /** A copy of the accounts and settings. */
  load(): VaultData {
    return structuredClone(this.#data);
  }

  /** Replaces the stored accounts; throws a TypeError (saving nothing) when one is malformed. */
  saveAccounts(accounts: readonly AccountRecord[]): void {
    const seen = new Set<string>();
    accounts.forEach((account, index) => {
      const problem = accountShapeProblem(account);
      if (problem !== undefined) {
        throw new TypeError(`Account #${index} is malformed (${problem}); nothing was saved.`);
      }
      if (seen.has(account.id)) {
        throw new TypeError(`Account #${index} repeats the id of another; nothing was saved.`);
      }
      seen.add(account.id);
    });
    this.#writeMetadata({ ...this.#data, accounts: structuredClone([...accounts]) });
  }

  /**
   * Replaces the settings; throws a TypeError (saving nothing) when a value is invalid. A change
   * of `persistUnprotectedSecrets` takes effect on disk at once.
   */
  saveSettings(settings: Settings): void {
    const checked = checkedSettings(settings);
    const wasOnDisk = this.#secretsOnDisk();
    this.#writeMetadata({ ...this.#data, settings: checked });
    this.#applyProtectionPolicy(wasOnDisk);
  }

  readSecret(key: SecretKey): string | undefined {
    return this.#secrets.read(key);
  }

  writeSecrets(changes: readonly SecretChange[]): void {
    if (changes.length === 0) return;
    this.#secrets.apply(changes, this.#secretsOnDisk());
  }

  deleteAccountSecrets(accountId: string): void {
    this.#secrets.deleteAccount(accountId, this.#secretsOnDisk());
  }

  setPersistUnprotected(optIn: boolean): void {
    this.saveSettings({ ...this.#data.settings, persistUnprotectedSecrets: optIn });
  }

  files(): string[] {
    return listManagedFiles(this.directory);
  }

  #secretsOnDisk(): boolean {
    return this.#cipher.isProtected || this.#data.settings.persistUnprotectedSecrets;
  }

  #writeMetadata(next: VaultData): void {
    this.#metadata.write(next);
    this.#data = next;
  }

  /** Secrets go to disk when they may from now on, and leave it when they may not. */
  #applyProtectionPolicy(wasOnDisk: boolean): void {
    if (this.#secretsOnDisk()) {
      if (!wasOnDisk) {
        this.#secrets.persist();
        this.#logger.warn('vault: secrets written to disk without OS protection (user opted in)', {
          backend: this.#cipher.backend,
        });
      }
    } else {
      this.#secrets.removeFromDisk();
    }
  }
}
