import { markPlain, readPlain } from '../app/vault/plain-values';
import type { SafeStorage } from 'electron';
import { safeStorageProtection, type SafeStorageState } from '../app/host/cipher-protection';
import { CipherLockedError, type Cipher } from '../app/ports';

/** The part of Electron's `safeStorage` the cipher uses (a double in unit tests). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

/**
 * What Electron throws when encryption is not available at the moment of the call
 * (shell/browser/api/electron_api_safe_storage.cc: "safeStorage cannot be used before app is
 * ready", "… Encryption is not available.", "… Decryption is not available."). Seen only when
 * availability changed between our check and the call; it means "not now", never "damaged".
 */
const NOT_AVAILABLE = /before app is ready|(?:En|De)cryption is not available/;

/**
 * The `Cipher` port over Electron's `safeStorage` (Keychain, DPAPI, libsecret/kwallet), through
 * its synchronous calls, each guarded by `isEncryptionAvailable()` asked again at every call
 * (docs/api/safe-storage.md: false before `ready`, and on Linux while "the secret key" is not
 * available, on macOS while the Keychain is not). What it decides is in
 * `app/host/cipher-protection.ts`:
 * - available: `encryptString`/`decryptString`; a failure to decrypt then means another key or
 *   damage (a plain Error: the vault keeps the value sealed and reports it `undecryptable`);
 * - locked (a protected store that cannot be used now, or before `ready`): `encrypt` and `decrypt`
 *   throw `CipherLockedError`, and `isProtected` stays true, so the vault neither drops nor
 *   rewrites what it cannot open, and the engine shows "storage locked" and tries again;
 * - plain (Linux `basic_text`, no encryption): as before, values marked as plain, unprotected.
 *
 * Why not the asynchronous API (`encryptStringAsync`/`decryptStringAsync`, which the page
 * recommends and says "handles temporary unavailability"): the port is synchronous because the
 * vault opens secrets lazily on synchronous paths; and the page promises only that data from
 * `encryptString` can be read by `decryptStringAsync`, not the reverse, so sealing through the
 * asynchronous API could leave secrets the synchronous path cannot open. Moving to it means an
 * asynchronous port and vault reads, a change of its own. Meanwhile: Chromium's synchronous key
 * lookup may be remembered for the rest of the process once it failed (components/os_crypt/sync,
 * `is_password_v11_cached_` on Linux), so after a locked start the secrets may open only at the
 * next start; the engine keeps them sealed until then and Settings says so.
 *
 * On Linux the backend is read lazily and kept once known: `getSelectedStorageBackend()` says
 * `unknown` before `ready` (docs/api/safe-storage.md).
 */
export function createSafeStorageCipher(storage: SafeStorageLike, platform: string): Cipher {
  let linuxBackend: string | undefined;
  const state = (): SafeStorageState => {
    const encryptionAvailable = storage.isEncryptionAvailable();
    if (platform === 'linux' && linuxBackend === undefined) {
      const selected = storage.getSelectedStorageBackend();
      if (selected !== 'unknown') linuxBackend = selected;
    }
    return safeStorageProtection({
      platform,
      encryptionAvailable,
      ...(platform === 'linux' ? { linuxBackend: linuxBackend ?? 'unknown' } : {}),
    });
  };
  const locked = (what: string, backend: string) =>
    new CipherLockedError(
      `safeStorage (${backend}) cannot ${what} now: not ready yet, or the system key store is locked or access to it was denied.`,
    );
  const guarded = <T>(what: string, backend: string, call: () => T): T => {
    try {
      return call();
    } catch (error) {
      if (error instanceof Error && NOT_AVAILABLE.test(error.message)) throw locked(what, backend);
      throw error;
    }
  };
  return {
    get isProtected() {
      return state().isProtected;
    },
    get backend() {
      return state().backend;
    },
    encrypt(plaintext: string): Uint8Array {
      const { mode, backend } = state();
      // While `safeStorage` cannot encrypt at all (reported as unprotected; written only when
      // the person opted in to keeping unprotected secrets on disk).
      if (mode === 'plain') return markPlain(plaintext);
      if (mode === 'locked') throw locked('encrypt', backend);
      return guarded('encrypt', backend, () => storage.encryptString(plaintext));
    },
    decrypt(ciphertext: Uint8Array): string {
      const data = Buffer.from(ciphertext);
      const plain = readPlain(data);
      const { mode, backend } = state();
      if (mode === 'locked') throw locked('decrypt', backend);
      if (mode === 'plain') {
        if (plain !== undefined) return plain;
        // Sealed by a key store this start does not have (say the desktop was not recognised,
        // so `basic_text` was chosen): it may open on another start, so it is not "damaged".
        throw locked('decrypt', backend);
      }
      // Plain values are read back only while encryption stays unavailable: once it works again
      // they count as undecryptable, and the account asks to sign in again.
      if (plain !== undefined)
        throw new Error('A value stored without protection; encryption works now.');
      return guarded('decrypt', backend, () => storage.decryptString(data));
    },
  };
}
