import Conf from 'conf';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../accounts/types';
import type { Clock, Logger } from '../ports';
import { METADATA_CONFIG_NAME, METADATA_FILE } from './file-names';
import {
  assertRegularFileOrAbsent,
  FILE_MODE,
  fsyncDirectory,
  readFileNoFollow,
} from './file-system';
import { readMetadataContents } from './metadata-contents';
import { METADATA_SCHEMA_VERSION } from './metadata-migrations';
import { copyAside, moveAside } from './quarantine';
import type { VaultData, VaultProblem } from './types';

/**
 * `tokendock.json` through conf (the store electron-store is built on, so the file stays
 * electron-store compatible). conf writes atomically (temporary file, fsync, rename); the folder
 * is fsynced after it.
 */
export class MetadataStore {
  readonly path: string;
  readonly #directory: string;
  readonly #conf: Conf;

  constructor(directory: string) {
    this.#directory = directory;
    this.path = join(directory, METADATA_FILE);
    this.#conf = new Conf({
      cwd: directory,
      configName: METADATA_CONFIG_NAME,
      clearInvalidConfig: false,
      configFileMode: FILE_MODE,
    });
  }

  /** Replaces the whole file with `data`. Refuses a symbolic link put in the file's place. */
  write(data: VaultData): void {
    assertRegularFileOrAbsent(this.path);
    this.#conf.store = {
      schemaVersion: METADATA_SCHEMA_VERSION,
      accounts: data.accounts,
      settings: data.settings,
    };
    fsyncDirectory(this.#directory);
  }
}

export interface OpenedMetadata {
  store: MetadataStore;
  data: VaultData;
  problems: VaultProblem[];
}

/**
 * Opens `tokendock.json`: a file that cannot be used (not JSON, wrong shape, a future
 * `schemaVersion`) is moved aside and the vault starts empty; malformed account entries are
 * dropped after the original is copied aside; older versions are migrated and written back.
 */
export function openMetadata(directory: string, clock: Clock, logger: Logger): OpenedMetadata {
  const path = join(directory, METADATA_FILE);
  const problems: VaultProblem[] = [];
  const raw = readFileNoFollow(path);
  let data: VaultData = { accounts: [], settings: { ...DEFAULT_SETTINGS } };
  let needsWrite = true;
  if (raw !== undefined) {
    const reading = readMetadataContents(raw);
    if (!reading.usable) {
      const movedTo = moveAside(path, clock);
      problems.push({ kind: 'quarantined', file: path, movedTo, reason: reading.reason });
      logger.warn('vault: metadata file unusable, moved aside; starting empty', {
        file: path,
        movedTo,
        reason: reading.reason,
      });
    } else {
      data = { accounts: reading.accounts, settings: reading.settings };
      needsWrite = false;
      if (reading.droppedAccounts.length > 0) {
        const movedTo = copyAside(path, raw, clock);
        const details = reading.droppedAccounts.map((drop) => `#${drop.index}: ${drop.reason}`);
        const reason = `dropped ${details.length} malformed account entr${details.length === 1 ? 'y' : 'ies'} (${details.join('; ')}); the original was copied aside`;
        problems.push({ kind: 'quarantined', file: path, movedTo, reason });
        logger.warn('vault: malformed account entries dropped', { file: path, movedTo, reason });
        needsWrite = true;
      }
      if (reading.migratedFrom !== undefined) {
        logger.info('vault: metadata migrated', {
          from: reading.migratedFrom,
          to: METADATA_SCHEMA_VERSION,
        });
        needsWrite = true;
      }
      if (reading.defaultedSettings.length > 0 || reading.droppedSettings.length > 0) {
        logger.warn('vault: settings repaired', {
          defaulted: reading.defaultedSettings,
          dropped: reading.droppedSettings,
        });
        needsWrite = true;
      }
    }
  }
  const store = new MetadataStore(directory);
  if (needsWrite) store.write(data);
  return { store, data, problems };
}
