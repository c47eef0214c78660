import type { AccountRecord, SecretKey } from '../accounts/types';
import type { Cipher } from '../ports';

/**
 * A secret the vault holds: sealed (the base64 of the cipher's output, as read from or written
 * to disk), its plaintext, or both. A secret read from disk is only sealed until its first read
 * opens it; a secret written while secrets stay in memory has only its plaintext until it must go
 * to disk.
 */
export interface HeldSecret {
  readonly key: SecretKey;
  readonly sealed: string | undefined;
  /** The plaintext, once known. Set once, by the first read that opens `sealed`. */
  value: string | undefined;
}

/** One account as the vault holds it: what its file holds on disk now (or would, for secrets). */
export interface HeldAccount {
  readonly record: AccountRecord;
  /** Slot (`<target or *>/<kind>`) → secret. */
  readonly secrets: ReadonlyMap<string, HeldSecret>;
}

/**
 * `secrets` with every entry sealed (entries that were not get a new, sealed copy; the map given
 * is not changed). Throws what the cipher throws.
 */
export function sealAll(
  secrets: ReadonlyMap<string, HeldSecret>,
  cipher: Cipher,
): Map<string, HeldSecret> {
  const sealed = new Map<string, HeldSecret>();
  for (const [slot, held] of secrets) {
    if (held.sealed !== undefined || held.value === undefined) {
      sealed.set(slot, held);
    } else {
      const bytes = cipher.encrypt(held.value);
      sealed.set(slot, {
        key: held.key,
        sealed: Buffer.from(bytes).toString('base64'),
        value: held.value,
      });
    }
  }
  return sealed;
}

/** The slot → base64 pairs of sealed secrets, for an account file. */
export function sealedEntries(secrets: ReadonlyMap<string, HeldSecret>): [string, string][] {
  const entries: [string, string][] = [];
  for (const [slot, held] of secrets)
    if (held.sealed !== undefined) entries.push([slot, held.sealed]);
  return entries;
}
