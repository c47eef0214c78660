/** The vault: accounts, settings and secrets at rest. See `types.ts` for the interface. */
export { openVault, type VaultOptions } from './open-vault';
export { AesGcmCipher, type AesGcmCipherOptions } from './aes-gcm-cipher';
export { VaultLockedError, VaultWriteError } from './errors';
export type {
  AccountWrite,
  Vault,
  VaultProblem,
  StorageProtection,
  VaultData,
  SecretChange,
} from './types';
