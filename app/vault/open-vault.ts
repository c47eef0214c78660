import { resolve } from 'node:path';
import { type Cipher, type Clock, type Logger, silentLogger, systemClock } from '../ports';
import { prepareDirectory, removeStaleTemporaryFiles, tightenFileModes } from './directory';
import { METADATA_FILE, SECRETS_FILE } from './file-names';
import { assertRegularFileOrAbsent } from './file-system';
import { FileVault } from './file-vault';
import { openMetadata } from './metadata-store';
import { openSecrets } from './open-secrets';
import type { Vault } from './types';

export interface VaultOptions {
  /** The vault's own folder (created 0700; a symbolic link is refused). */
  directory: string;
  /** Seals every secret written to disk. */
  cipher: Cipher;
  /** Names quarantined files (`<name>.corrupt-<UTC timestamp>`). */
  clock?: Clock;
  logger?: Logger;
}

/**
 * Opens (or creates) the vault in `options.directory`: accounts and settings in `tokendock.json`
 * (conf, electron-store compatible), secrets in `secrets.json` sealed by the cipher. Damaged files
 * are moved aside and reported in `problems`; the vault opens anyway with what it could keep.
 * Throws when the folder or one of its files is a symbolic link, or the folder cannot be used.
 */
export function openVault(options: VaultOptions): Vault {
  const directory = resolve(options.directory);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { cipher } = options;

  prepareDirectory(directory, logger);
  assertRegularFileOrAbsent(resolve(directory, METADATA_FILE));
  assertRegularFileOrAbsent(resolve(directory, SECRETS_FILE));
  removeStaleTemporaryFiles(directory, logger);
  tightenFileModes(directory, logger);

  const metadata = openMetadata(directory, clock, logger);
  const onDisk = cipher.isProtected || metadata.data.settings.persistUnprotectedSecrets;
  const secrets = openSecrets({
    directory,
    cipher,
    clock,
    logger,
    accounts: metadata.data.accounts,
    onDisk,
  });
  if (!cipher.isProtected) {
    logger.warn('vault: the cipher gives no OS protection', {
      backend: cipher.backend,
      secretsOnDisk: onDisk,
    });
  }
  const problems = [...metadata.problems, ...secrets.problems];
  logger.info('vault: opened', {
    directory,
    accounts: metadata.data.accounts.length,
    secrets: secrets.store.size,
    problems: problems.length,
  });
  return new FileVault({
    directory,
    cipher,
    logger,
    metadata: metadata.store,
    data: metadata.data,
    secrets: secrets.store,
    problems,
  });
}
