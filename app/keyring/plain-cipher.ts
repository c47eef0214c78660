import { CipherLockedError, type Cipher } from '../ports';
import { markPlain, readPlain } from '../vault/plain-values';

/**
 * The cipher when no OS keyring answers, as Electron's Linux `basic_text`: no protection
 * (`isProtected: false`), so the vault keeps secrets in memory only unless the person opted in
 * to keeping them on disk; then they are written marked as plain, not pretend-encrypted. No key
 * is made, so none is ever written to disk. A value sealed under a keyring key (a start when the
 * keyring answered) is "not now" (`CipherLockedError`): it may open at a start that has the
 * keyring again.
 */
export function createPlainCipher(reason: string): Cipher {
  return {
    isProtected: false,
    backend: 'basic_text',
    encrypt(plaintext: string): Uint8Array {
      return markPlain(plaintext);
    },
    decrypt(ciphertext: Uint8Array): string {
      const plain = readPlain(ciphertext);
      if (plain !== undefined) return plain;
      throw new CipherLockedError(
        `Sealed with a key kept in the OS keyring, which did not answer at this start (${reason}).`,
      );
    },
  };
}
