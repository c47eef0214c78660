import type { AccountRecord, Settings } from '../accounts/types';
import { accountShapeProblem } from './account-shape';
import { parseJsonBytes, readSchemaVersion } from './json-contents';
import { METADATA_SCHEMA_VERSION, WrongShapeError, migrateMetadata } from './metadata-migrations';
import { normalizeSettings } from './settings-shape';
import { isRecord } from './shape-guards';

/** An account entry that was dropped, by position in the file. */
export interface DroppedAccount {
  index: number;
  reason: string;
}

/** What could be made of a metadata file. */
export type MetadataReading =
  | {
      usable: true;
      accounts: AccountRecord[];
      settings: Settings;
      /** The version the file had, when it was older than the current one. */
      migratedFrom?: number;
      droppedAccounts: DroppedAccount[];
      /** Why the stored `settings` were replaced by DEFAULT_SETTINGS as a whole, if they were. */
      settingsReset?: string;
      defaultedSettings: string[];
      droppedSettings: string[];
    }
  | { usable: false; reason: string };

/**
 * Reads the old `tokendock.json`'s bytes (the layout before one file per account): JSON, a known
 * `schemaVersion` (a file without one is version 0), migrated to its last version, `accounts` an
 * array. Malformed account entries (and repeated ids) are dropped; settings that are not an object
 * are replaced by the defaults (the accounts are kept), bad values repaired one by one; anything
 * worse makes the file unusable.
 */
export function readMetadataContents(raw: Uint8Array): MetadataReading {
  const parsed = parseJsonBytes(raw);
  if (!parsed.ok) return { usable: false, reason: parsed.reason };
  if (!isRecord(parsed.value)) return { usable: false, reason: 'wrong shape: not a JSON object' };
  const version = readSchemaVersion(parsed.value.schemaVersion, {
    supported: METADATA_SCHEMA_VERSION,
    missing: 0,
  });
  if (!version.ok) return { usable: false, reason: version.reason };
  let stored = parsed.value;
  let settingsReset: string | undefined;
  if (stored.settings !== undefined && !isRecord(stored.settings)) {
    settingsReset = 'settings is not an object';
    stored = { ...stored, settings: {} };
  }
  let data: Record<string, unknown>;
  try {
    data = migrateMetadata(stored, version.value);
  } catch (error) {
    if (error instanceof WrongShapeError) {
      return { usable: false, reason: `wrong shape: ${error.message}` };
    }
    throw error;
  }
  if (!Array.isArray(data.accounts)) {
    return { usable: false, reason: 'wrong shape: accounts is not an array' };
  }
  const { accounts, droppedAccounts } = keepWellFormedAccounts(data.accounts);
  const { settings, defaulted, dropped } = normalizeSettings(data.settings);
  return {
    usable: true,
    accounts,
    settings,
    ...(version.value < METADATA_SCHEMA_VERSION ? { migratedFrom: version.value } : {}),
    droppedAccounts,
    ...(settingsReset === undefined ? {} : { settingsReset }),
    defaultedSettings: defaulted,
    droppedSettings: dropped,
  };
}

function keepWellFormedAccounts(entries: unknown[]): {
  accounts: AccountRecord[];
  droppedAccounts: DroppedAccount[];
} {
  const accounts: AccountRecord[] = [];
  const droppedAccounts: DroppedAccount[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const problem = accountShapeProblem(entry);
    if (problem !== undefined) {
      droppedAccounts.push({ index, reason: problem });
    } else if (seen.has((entry as AccountRecord).id)) {
      droppedAccounts.push({ index, reason: 'repeats the id of an earlier account' });
    } else {
      seen.add((entry as AccountRecord).id);
      accounts.push(entry as AccountRecord);
    }
  });
  return { accounts, droppedAccounts };
}
