import { isRecord } from './shape-guards';
import { knownSettingsWithDefaults } from './settings-shape';

/** Thrown by a migration when the file is not what that version's files look like. */
export class WrongShapeError extends Error {}

/** Turns the parsed JSON of a version-n file into that of a version-(n+1) file. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** A kind of file's current `schemaVersion` and its steps: `steps[n]` goes from n to n+1. */
export interface MigrationTable {
  current: number;
  steps: Readonly<Record<number, Migration>>;
}

/**
 * Brings `data` (at `version`) to `table.current`, one step at a time. A missing step, or a step
 * that finds the wrong shape, throws a WrongShapeError (the file is then set aside).
 */
export function migrate(
  data: Record<string, unknown>,
  version: number,
  table: MigrationTable,
): Record<string, unknown> {
  let current = data;
  for (let step = version; step < table.current; step += 1) {
    const migration = table.steps[step];
    if (migration === undefined) throw new WrongShapeError(`no migration from version ${step}`);
    current = migration(current);
  }
  return current;
}

/**
 * `accounts/<id>.json`: `{ schemaVersion, account, secrets }`. Version 1 is the first; a change
 * of its shape adds a step here (and bumps `current`), and files are migrated as they are read
 * and rewritten at their next write.
 */
export const ACCOUNT_FILE_MIGRATIONS: MigrationTable = { current: 1, steps: {} };

/** `settings.json`: `{ schemaVersion, settings }`. Version 1 is the first. */
export const SETTINGS_FILE_MIGRATIONS: MigrationTable = { current: 1, steps: {} };

/**
 * The old single metadata file, `tokendock.json` (read only to import it). Version 0 is a file
 * written before `schemaVersion` existed.
 */
export const LEGACY_METADATA_MIGRATIONS: MigrationTable = {
  current: 1,
  steps: { 0: fromVersion0 },
};

/** The old metadata file's last `schemaVersion`. */
export const METADATA_SCHEMA_VERSION = LEGACY_METADATA_MIGRATIONS.current;

/** Brings an old `tokendock.json` (at `version`) to its last version. */
export function migrateMetadata(
  data: Record<string, unknown>,
  version: number,
): Record<string, unknown> {
  return migrate(data, version, LEGACY_METADATA_MIGRATIONS);
}

/**
 * Version 0 had no `schemaVersion`, could lack `accounts` or `settings` altogether, and kept
 * settings keys that no longer exist: accounts default to none, settings to DEFAULT_SETTINGS,
 * unknown setting keys are dropped.
 */
function fromVersion0(data: Record<string, unknown>): Record<string, unknown> {
  const { accounts, settings } = data;
  if (accounts !== undefined && !Array.isArray(accounts)) {
    throw new WrongShapeError('accounts is not an array');
  }
  if (settings !== undefined && !isRecord(settings)) {
    throw new WrongShapeError('settings is not an object');
  }
  return {
    schemaVersion: 1,
    accounts: accounts ?? [],
    settings: knownSettingsWithDefaults(settings),
  };
}
