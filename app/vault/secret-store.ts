import type { SecretKey } from '../accounts/types';
import type { Cipher, Logger } from '../ports';
import { removeFile, writeFileAtomic } from './file-system';
import { checkedSecretKey, secretEntryName } from './secret-keys';
import { serializeSecrets } from './secrets-contents';
import type { SecretChange } from './types';

/** A secret held in memory, with its sealed (encrypted, base64) form once it has one. */
export interface HeldSecret {
  key: SecretKey;
  value: string;
  sealed?: string;
}

/**
 * Every secret in memory (reads never touch the disk), and `secrets.json` written from it
 * atomically, sealed only through the Cipher. Whether to write is the caller's decision
 * (`persist` arguments), as the protection policy lives in the vault.
 */
export class SecretStore {
  readonly path: string;
  readonly #cipher: Cipher;
  readonly #logger: Logger;
  #secrets: Map<string, HeldSecret>;

  constructor(path: string, cipher: Cipher, logger: Logger, secrets: Map<string, HeldSecret>) {
    this.path = path;
    this.#cipher = cipher;
    this.#logger = logger;
    this.#secrets = secrets;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** The value kept for `key`, from memory. */
  read(key: SecretKey): string | undefined {
    return this.#secrets.get(secretEntryName(key))?.value;
  }

  /**
   * Applies every change at once. With `persist`, one atomic write of the whole file first; if it
   * fails, nothing changes in memory either.
   */
  apply(changes: readonly SecretChange[], persist: boolean): void {
    const next = new Map(this.#secrets);
    for (const change of changes) {
      const key = checkedSecretKey(change.key);
      const name = secretEntryName(key);
      if (change.value === undefined) {
        next.delete(name);
      } else if (typeof change.value !== 'string') {
        throw new TypeError(`The value for ${name} is not a string; nothing was saved.`);
      } else if (next.get(name)?.value !== change.value) {
        next.set(name, { key, value: change.value });
      }
    }
    this.#commit(next, persist, { changed: changes.length });
  }

  /** Forgets every secret of an account; with `persist`, rewrites the file without them. */
  deleteAccount(accountId: string, persist: boolean): number {
    const next = new Map([...this.#secrets].filter(([, held]) => held.key.accountId !== accountId));
    const removed = this.#secrets.size - next.size;
    this.#commit(next, persist, { deletedForAccount: accountId, removed });
    return removed;
  }

  /** Writes the secrets in memory to `secrets.json` (one atomic replace). */
  persist(): void {
    this.#write(this.#secrets);
  }

  /** Deletes `secrets.json` (the secrets stay in memory). Returns whether a file was there. */
  removeFromDisk(): boolean {
    const removed = removeFile(this.path);
    if (removed) this.#logger.info('vault: secrets file removed from disk', { file: this.path });
    return removed;
  }

  #commit(next: Map<string, HeldSecret>, persist: boolean, fields: Record<string, unknown>): void {
    if (persist) this.#write(next);
    this.#secrets = next;
    this.#logger.debug('vault: secrets updated', { ...fields, onDisk: persist, held: next.size });
  }

  #write(secrets: ReadonlyMap<string, HeldSecret>): void {
    const sealed = new Map<string, string>();
    for (const [name, held] of secrets) {
      held.sealed ??= Buffer.from(this.#cipher.encrypt(held.value)).toString('base64');
      sealed.set(name, held.sealed);
    }
    writeFileAtomic(this.path, serializeSecrets(sealed));
  }
}
