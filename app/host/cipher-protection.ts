/** Linux secret-store backends of Electron's `safeStorage` that give real protection. */
const PROTECTED_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * What `safeStorage` protects secrets with: the macOS Keychain, Windows DPAPI, or on Linux the
 * backend Electron selected. `basic_text` (a hard-coded key) and `unknown` are not protection;
 * neither is encryption being unavailable. See
 * https://www.electronjs.org/docs/latest/api/safe-storage.
 */
export function safeStorageProtection(input: {
  platform: string;
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()`; Linux only. */
  linuxBackend?: string;
}): { isProtected: boolean; backend: string } {
  if (!input.encryptionAvailable) return { isProtected: false, backend: 'unavailable' };
  if (input.platform === 'darwin') return { isProtected: true, backend: 'keychain' };
  if (input.platform === 'win32') return { isProtected: true, backend: 'dpapi' };
  const backend = input.linuxBackend ?? 'unknown';
  return { isProtected: PROTECTED_LINUX_BACKENDS.has(backend), backend };
}
