import type { SafeStorage } from 'electron';
import { safeStorageProtection } from '../app/host/cipher-protection';
import type { Cipher } from '../app/ports';

/** The part of Electron's `safeStorage` the cipher uses (a double in unit tests). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

/**
 * Marks values written while `safeStorage` cannot encrypt at all (reported as unprotected, and
 * written only when the person opted in to keeping unprotected secrets on disk).
 */
const PLAIN_PREFIX = Buffer.from('tokendock-plain:');

/**
 * The `Cipher` port over Electron's `safeStorage` (Keychain, DPAPI, libsecret/kwallet). Call after
 * the app is ready: on Linux the backend is chosen then. `isProtected` is false for `basic_text`,
 * `unknown` and when encryption is unavailable; the vault then keeps secrets in memory unless the
 * person opts in. https://www.electronjs.org/docs/latest/api/safe-storage
 */
export function createSafeStorageCipher(storage: SafeStorageLike, platform: string): Cipher {
  const encryptionAvailable = storage.isEncryptionAvailable();
  const { isProtected, backend } = safeStorageProtection({
    platform,
    encryptionAvailable,
    ...(platform === 'linux' ? { linuxBackend: storage.getSelectedStorageBackend() } : {}),
  });
  return {
    isProtected,
    backend,
    encrypt(plaintext: string): Uint8Array {
      if (!encryptionAvailable)
        return Buffer.concat([PLAIN_PREFIX, Buffer.from(plaintext, 'utf8')]);
      return storage.encryptString(plaintext);
    },
    decrypt(ciphertext: Uint8Array): string {
      const data = Buffer.from(ciphertext);
      if (encryptionAvailable) return storage.decryptString(data);
      // Plain values are read back only while encryption stays unavailable: once it works again
      // they count as undecryptable, and the account asks to sign in again.
      if (!data.subarray(0, PLAIN_PREFIX.length).equals(PLAIN_PREFIX))
        throw new Error('safeStorage cannot decrypt on this system now.');
      return data.subarray(PLAIN_PREFIX.length).toString('utf8');
    },
  };
}
