import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../accounts/types';
import { type Cipher, type Clock, type Logger, silentLogger, systemClock } from '../ports';
import { serializeAccountFile } from './account-file';
import { prepareDirectory, sweepDirectory } from './directory';
import { fsCodeOf } from './errors';
import { ACCOUNTS_FOLDER, SETTINGS_FILE, accountFileName, isManagedRootName } from './file-names';
import { readFileNoFollow, writeFileAtomicSync } from './file-system';
import { FileVault } from './file-vault';
import { sealedEntries } from './held-secrets';
import { importLegacyLayout } from './legacy-migration';
import { acquireLock, type HeldLock, releaseLockSync } from './lock';
import { readAccountsFolder, setAside } from './read-accounts';
import { readSettingsFile } from './settings-file';
import type { Vault, VaultProblem } from './types';

export interface VaultOptions {
  /** The vault's own folder (created 0700; a symbolic link is refused). */
  directory: string;
  /** Seals every secret written to disk. */
  cipher: Cipher;
  /** Names set-aside files (`<name>.corrupt-<UTC timestamp>`) and stamps the lock. */
  clock?: Clock;
  logger?: Logger;
}

interface OpenContext {
  directory: string;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  lock: HeldLock | undefined;
}

/**
 * Opens (or creates) the vault in `options.directory`: `settings.json`, one file per account in
 * `accounts/` (its record and its sealed secrets), and `tokendock.lock`. Reads the files but
 * decrypts nothing (a secret is opened on its first `readSecret`). Imports the old two-file layout
 * when that is what the folder holds. Damage is set aside and reported in `problems`, entry by
 * entry; the vault opens with everything else.
 *
 * Throws VaultLockedError when another running TokenDock process holds the folder, and an Error
 * when the folder or one of its files is a symbolic link or the folder cannot be used.
 */
export function openVault(options: VaultOptions): Vault {
  const directory = resolve(options.directory);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  prepareDirectory(directory, logger);
  const lock = acquireLock(directory, clock, logger);
  try {
    return openLocked({ directory, cipher: options.cipher, clock, logger, lock });
  } catch (error) {
    if (lock !== undefined) releaseLockSync(lock);
    throw error;
  }
}

function openLocked(context: OpenContext): Vault {
  const { directory, cipher, clock, logger } = context;
  sweepDirectory(directory, isManagedRootName, logger);
  const problems = importLegacyLayout({ directory, clock, logger });
  const accountsFolder = join(directory, ACCOUNTS_FOLDER);
  prepareDirectory(accountsFolder, logger);

  const settings = readSettings(directory, clock, logger, problems);
  const read = readAccountsFolder(accountsFolder, clock, logger);
  problems.push(...read.problems);

  // Bring files in line with what was kept: repaired files lose their malformed entries; when
  // secrets may not stay on disk, files found with secrets lose them (they stay in memory).
  const onDisk = cipher.isProtected || settings.persistUnprotectedSecrets;
  const rewrite = new Set(read.repaired);
  if (!onDisk) for (const id of read.withSecretsOnDisk) rewrite.add(id);
  for (const id of rewrite) {
    const held = read.accounts.get(id);
    if (held === undefined) continue;
    try {
      writeFileAtomicSync(
        join(accountsFolder, accountFileName(id)),
        serializeAccountFile(held.record, onDisk ? sealedEntries(held.secrets) : []),
      );
    } catch (error) {
      // Left as it is; the account's next write rewrites the file.
      logger.error('vault: could not rewrite an account file', {
        accountId: id,
        code: fsCodeOf(error),
      });
    }
  }
  if (!onDisk && read.withSecretsOnDisk.size > 0) {
    logger.info('vault: secrets are kept in memory only (unprotected cipher, no opt-in)', {
      backend: cipher.backend,
      accountsWithSecretsRemovedFromDisk: read.withSecretsOnDisk.size,
    });
  }
  if (!cipher.isProtected) {
    logger.warn('vault: the cipher gives no OS protection', {
      backend: cipher.backend,
      secretsOnDisk: onDisk,
    });
  }
  logger.info('vault: opened', {
    directory,
    accounts: read.accounts.size,
    problems: problems.length,
  });
  return new FileVault({
    directory,
    cipher,
    logger,
    lock: context.lock,
    settings,
    accounts: read.accounts,
    problems,
  });
}

/** `settings.json`, or the defaults when it is absent or unusable (then set aside). */
function readSettings(
  directory: string,
  clock: Clock,
  logger: Logger,
  problems: VaultProblem[],
): Settings {
  const path = join(directory, SETTINGS_FILE);
  const raw = readFileNoFollow(path);
  if (raw === undefined) return { ...DEFAULT_SETTINGS };
  const reading = readSettingsFile(raw);
  if (!reading.usable) {
    problems.push(setAside(path, 'move', reading.reason, clock, logger));
    return { ...DEFAULT_SETTINGS };
  }
  if (reading.defaulted.length > 0 || reading.dropped.length > 0) {
    logger.warn('vault: settings repaired', {
      defaulted: reading.defaulted,
      dropped: reading.dropped,
    });
  }
  return reading.settings;
}
