import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type AccountRecord, DEFAULT_SETTINGS, type Settings } from '../accounts/types';
import type { Clock, Logger } from '../ports';
import { serializeAccountFile } from './account-file';
import { expectedSecretKinds } from './expected-secrets';
import {
  ACCOUNTS_FOLDER,
  accountFileName,
  accountIdOfFileName,
  isSafeAccountId,
  LEGACY_METADATA_FILE,
  LEGACY_METADATA_MIGRATED,
  LEGACY_SECRETS_FILE,
  MIGRATING_FOLDER,
  SETTINGS_FILE,
} from './file-names';
import {
  assertRegularFileOrAbsent,
  DIRECTORY_MODE,
  FILE_MODE,
  fsyncDirectorySync,
  lstatOrUndefined,
  readFileNoFollow,
  symbolicLinkError,
  writeFileAtomicSync,
} from './file-system';
import { readMetadataContents } from './metadata-contents';
import { moveAside } from './quarantine';
import { secretSlot } from './secret-keys';
import { readSecretsContents } from './secrets-contents';
import { serializeSettingsFile } from './settings-file';
import type { VaultProblem } from './types';

/** The steps of an import, in order; `afterStep` is called after each. */
export type LegacyStep =
  | 'account-written'
  | 'accounts-written'
  | 'settings-written'
  | 'accounts-committed'
  | 'legacy-retired';

export interface LegacyImportContext {
  directory: string;
  clock: Clock;
  logger: Logger;
  /**
   * Called after each step (`account-written` after each account file); tests stop an import
   * there (by throwing) as a crash would.
   */
  afterStep?: (step: LegacyStep) => void;
}

/**
 * Imports the old two-file layout (`tokendock.json` with every account and the settings,
 * `secrets.json` with every secret) into one file per account plus `settings.json`. Blocking:
 * it runs once, inside `openVault`, under the lock.
 *
 * Crash safety. The account files are written into `accounts.migrating/`, and that folder is
 * renamed to `accounts/` only once every file in it is complete and flushed (and `settings.json`
 * written): the rename is the commit point. So `accounts/` never exists half-written, and
 * "`accounts/` exists" is the one fact that says the import was done. Writing straight into
 * `accounts/` would not do: after a crash, a half-filled `accounts/` would look like a finished
 * import and the old files, the only full copy, would then be retired. Only after the commit are
 * the old files retired (`tokendock.json` renamed to `tokendock.json.migrated`, `secrets.json`
 * deleted: it holds secrets, now in the account files). After a crash:
 * - before the commit: the old files are untouched; `accounts.migrating/` is thrown away and the
 *   import starts over;
 * - after the commit, before the old files are retired: they are retired at the next open.
 * Secrets are carried over sealed, as they are: nothing is decrypted.
 *
 * What cannot be imported is kept, not lost: an unusable old file is set aside
 * (`<name>.corrupt-<stamp>`); malformed accounts stay in `tokendock.json.migrated`; when some
 * secrets could not be imported (a malformed entry, an account that was not imported),
 * `secrets.json` is set aside instead of deleted. Returns what it reported.
 */
export function importLegacyLayout(context: LegacyImportContext): VaultProblem[] {
  const { directory, logger } = context;
  const paths = legacyPaths(directory);
  const accountsStats = lstatOrUndefined(paths.accounts);
  if (accountsStats?.isSymbolicLink()) throw symbolicLinkError(paths.accounts);
  const hasMetadata = assertRegularFileOrAbsent(paths.metadata);
  const hasSecrets = assertRegularFileOrAbsent(paths.secrets);
  const migrating = lstatOrUndefined(paths.migrating);
  if (migrating?.isSymbolicLink()) throw symbolicLinkError(paths.migrating);

  if (accountsStats !== undefined) {
    if (migrating !== undefined) {
      rmSync(paths.migrating, { recursive: true, force: true });
      logger.warn('vault: removed a leftover import folder', { folder: paths.migrating });
    }
    if (!hasMetadata && !hasSecrets) return [];
    logger.warn('vault: an earlier import of the old files stopped before retiring them', {
      directory,
    });
    return retireLegacyFiles(context, paths, unimportedSecrets(paths, context));
  }
  if (!hasMetadata && !hasSecrets) {
    if (migrating !== undefined) {
      // Only reachable when someone removed the old files after an import stopped short of its
      // commit: what was written is all there is, so keep it (a torn file is set aside later).
      renameSync(paths.migrating, paths.accounts);
      fsyncDirectorySync(directory);
      logger.warn('vault: adopted an unfinished import: its old files are gone', { directory });
    }
    return [];
  }
  if (migrating !== undefined) {
    rmSync(paths.migrating, { recursive: true, force: true });
    logger.warn('vault: an earlier import of the old files stopped; starting it over', {
      folder: paths.migrating,
    });
  }
  return runImport(context, paths);
}

interface LegacyPaths {
  accounts: string;
  migrating: string;
  metadata: string;
  migrated: string;
  secrets: string;
  settings: string;
}

function legacyPaths(directory: string): LegacyPaths {
  return {
    accounts: join(directory, ACCOUNTS_FOLDER),
    migrating: join(directory, MIGRATING_FOLDER),
    metadata: join(directory, LEGACY_METADATA_FILE),
    migrated: join(directory, LEGACY_METADATA_MIGRATED),
    secrets: join(directory, LEGACY_SECRETS_FILE),
    settings: join(directory, SETTINGS_FILE),
  };
}

function runImport(context: LegacyImportContext, paths: LegacyPaths): VaultProblem[] {
  const { clock, logger } = context;
  const problems: VaultProblem[] = [];
  const accounts: AccountRecord[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS };

  const metadataRaw = readFileNoFollow(paths.metadata);
  if (metadataRaw !== undefined) {
    const reading = readMetadataContents(metadataRaw);
    if (!reading.usable) {
      const movedTo = moveAside(paths.metadata, clock);
      problems.push({ kind: 'quarantined', file: paths.metadata, movedTo, reason: reading.reason });
      logger.warn('vault: old metadata file unusable, moved aside', {
        movedTo,
        reason: reading.reason,
      });
    } else {
      settings = reading.settings;
      const notes: string[] = reading.droppedAccounts.map(
        (drop) => `account #${drop.index}: ${drop.reason}`,
      );
      const seen = new Set<string>();
      for (const account of reading.accounts) {
        const folded = account.id.toLowerCase();
        if (!isSafeAccountId(account.id)) {
          notes.push(`account "${account.id}": its id is not a safe file name`);
        } else if (seen.has(folded)) {
          notes.push(`account "${account.id}": its id differs from another only in case`);
        } else {
          seen.add(folded);
          accounts.push(account);
        }
      }
      if (reading.settingsReset !== undefined)
        notes.push(`${reading.settingsReset}: defaults used`);
      if (notes.length > 0) {
        const reason = `not imported: ${notes.join('; ')}; the original is kept as ${LEGACY_METADATA_MIGRATED}`;
        problems.push({
          kind: 'quarantined',
          file: paths.metadata,
          movedTo: paths.migrated,
          reason,
        });
        logger.warn('vault: parts of the old metadata file were not imported', { reason });
      }
      if (reading.defaultedSettings.length > 0 || reading.droppedSettings.length > 0) {
        logger.warn('vault: settings repaired', {
          defaulted: reading.defaultedSettings,
          dropped: reading.droppedSettings,
        });
      }
    }
  }

  const sealedByAccount = new Map<string, Map<string, string>>();
  let notImported: string | undefined;
  const secretsRaw = readFileNoFollow(paths.secrets);
  if (secretsRaw !== undefined) {
    const reading = readSecretsContents(secretsRaw);
    if (!reading.usable) {
      const movedTo = moveAside(paths.secrets, clock);
      problems.push({ kind: 'quarantined', file: paths.secrets, movedTo, reason: reading.reason });
      problems.push(...lostSecretsProblems(accounts));
      logger.warn('vault: old secrets file unusable, moved aside', {
        movedTo,
        reason: reading.reason,
      });
    } else {
      const imported = new Set(accounts.map((account) => account.id));
      let orphans = 0;
      for (const entry of reading.entries) {
        if (!imported.has(entry.key.accountId)) {
          orphans += 1;
          continue;
        }
        let sealed = sealedByAccount.get(entry.key.accountId);
        if (sealed === undefined) {
          sealed = new Map();
          sealedByAccount.set(entry.key.accountId, sealed);
        }
        sealed.set(secretSlot(entry.key), entry.sealed);
      }
      const notes = reading.dropped.map((drop) => `entry "${drop.name}": ${drop.reason}`);
      if (orphans > 0)
        notes.push(`${orphans} entr${orphans === 1 ? 'y' : 'ies'} of no imported account`);
      if (notes.length > 0) notImported = notes.join('; ');
    }
  }

  mkdirSync(paths.migrating, { mode: DIRECTORY_MODE });
  for (const account of accounts) {
    writeNewFileSync(
      join(paths.migrating, accountFileName(account.id)),
      serializeAccountFile(account, sealedByAccount.get(account.id) ?? []),
    );
    context.afterStep?.('account-written');
  }
  fsyncDirectorySync(paths.migrating);
  context.afterStep?.('accounts-written');
  writeFileAtomicSync(paths.settings, serializeSettingsFile(settings));
  context.afterStep?.('settings-written');
  renameSync(paths.migrating, paths.accounts);
  fsyncDirectorySync(context.directory);
  context.afterStep?.('accounts-committed');
  logger.info('vault: imported the old two-file layout', {
    accounts: accounts.length,
    secrets: [...sealedByAccount.values()].reduce((sum, sealed) => sum + sealed.size, 0),
  });
  return [...problems, ...retireLegacyFiles(context, paths, notImported)];
}

/**
 * After the commit: `tokendock.json` → `tokendock.json.migrated`; `secrets.json` deleted, or set
 * aside when `notImported` says some of it was not carried over.
 */
function retireLegacyFiles(
  context: LegacyImportContext,
  paths: LegacyPaths,
  notImported: string | undefined,
): VaultProblem[] {
  const problems: VaultProblem[] = [];
  if (lstatOrUndefined(paths.metadata) !== undefined) renameSync(paths.metadata, paths.migrated);
  if (lstatOrUndefined(paths.secrets) !== undefined) {
    if (notImported === undefined) {
      unlinkSync(paths.secrets);
    } else {
      const movedTo = moveAside(paths.secrets, context.clock);
      const reason = `not imported: ${notImported}; the original was set aside`;
      problems.push({ kind: 'quarantined', file: paths.secrets, movedTo, reason });
      context.logger.warn('vault: parts of the old secrets file were not imported', { reason });
    }
  }
  fsyncDirectorySync(context.directory);
  context.afterStep?.('legacy-retired');
  return problems;
}

/**
 * For an import that stopped after its commit: what of the old `secrets.json` has no account file
 * (so was not imported). An unusable file is set aside with a problem.
 */
function unimportedSecrets(paths: LegacyPaths, context: LegacyImportContext): string | undefined {
  const raw = readFileNoFollow(paths.secrets);
  if (raw === undefined) return undefined;
  const reading = readSecretsContents(raw);
  if (!reading.usable) return reading.reason;
  const accountIds = new Set(
    readdirSync(paths.accounts)
      .map(accountIdOfFileName)
      .filter((id) => id !== undefined),
  );
  const orphans = reading.entries.filter((entry) => !accountIds.has(entry.key.accountId)).length;
  const notes = reading.dropped.map((drop) => `entry "${drop.name}": ${drop.reason}`);
  if (orphans > 0)
    notes.push(`${orphans} entr${orphans === 1 ? 'y' : 'ies'} of no imported account`);
  context.logger.debug('vault: checked the old secrets file against the account files', {
    orphans,
  });
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** Writes a file that must not exist yet (in the import folder), flushed. */
function writeNewFileSync(path: string, data: Uint8Array): void {
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    FILE_MODE,
  );
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** When the old secrets file was lost: every account that had secrets must sign in again. */
function lostSecretsProblems(accounts: readonly AccountRecord[]): VaultProblem[] {
  return accounts.flatMap((account): VaultProblem[] => {
    const secretKinds = expectedSecretKinds(account);
    return secretKinds.length === 0
      ? []
      : [{ kind: 'undecryptable', accountId: account.id, secretKinds }];
  });
}
