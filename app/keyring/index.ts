/** The vault key in the OS keyring, for hosts without Electron. See `keyring-cipher.ts`. */
export { keyringBackendName, openKeyringCipher, type KeyringCipherOptions } from './keyring-cipher';
