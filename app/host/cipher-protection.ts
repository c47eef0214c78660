/** Linux secret-store backends of Electron's `safeStorage` that give real protection. */
const PROTECTED_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * What `safeStorage` can do now:
 * - `available`: encrypt and decrypt work;
 * - `locked`: the store protects secrets but cannot be used now (not `ready` yet, the keyring is
 *   locked, Keychain access was denied): nothing can be sealed, nothing sealed is given up;
 * - `plain`: there is no protection to wait for (Linux `basic_text` without encryption): values
 *   are written marked as plain, and only when the person opted in.
 */
export type SafeStorageMode = 'available' | 'locked' | 'plain';

export interface SafeStorageState {
  isProtected: boolean;
  backend: string;
  mode: SafeStorageMode;
}

/**
 * What `safeStorage` protects secrets with, and whether it works now, from what Electron reports
 * (docs/api/safe-storage.md in the electron repository):
 * - `isEncryptionAvailable()`: "On Linux, returns true if the app has emitted the `ready` event and
 *   the secret key is available. On MacOS, returns true if Keychain is available. On Windows,
 *   returns true once the app has emitted the `ready` event." So `false` means "not now" (not
 *   ready, keyring locked, access denied) unless there is no secret store at all.
 * - `getSelectedStorageBackend()` (Linux): `basic_text` "when the desktop environment is not
 *   recognised" (a hard-coded key: no protection), `gnome_libsecret`/`kwallet*` for a secret store,
 *   and `unknown` "when the function is called before app has emitted the `ready` event".
 *
 * A protected backend that is unavailable is `locked`, never "unprotected": calling it
 * unprotected would make the vault keep secrets in memory only and write the account files
 * without them, which is how one start before the keyring unlocked lost every secret.
 * Before `ready` the Linux backend is not known yet: `locked` too (nothing is sealed, nothing
 * sealed is dropped), and shown as `unknown`.
 */
export function safeStorageProtection(input: {
  platform: string;
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()`; Linux only. */
  linuxBackend?: string;
}): SafeStorageState {
  const availableOr = (otherwise: SafeStorageMode): SafeStorageMode =>
    input.encryptionAvailable ? 'available' : otherwise;
  if (input.platform === 'darwin')
    return { isProtected: true, backend: 'keychain', mode: availableOr('locked') };
  if (input.platform === 'win32')
    return { isProtected: true, backend: 'dpapi', mode: availableOr('locked') };
  const backend = input.linuxBackend ?? 'unknown';
  if (PROTECTED_LINUX_BACKENDS.has(backend))
    return { isProtected: true, backend, mode: availableOr('locked') };
  // Linux before `ready`: the backend is chosen at `ready` (docs: `unknown` before it).
  if (input.platform === 'linux' && backend === 'unknown' && !input.encryptionAvailable)
    return { isProtected: true, backend, mode: 'locked' };
  return { isProtected: false, backend, mode: availableOr('plain') };
}
