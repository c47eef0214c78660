import { isRecord } from './shape-guards';
import { knownSettingsWithDefaults } from './settings-shape';

/** The metadata file's current `schemaVersion`. */
export const METADATA_SCHEMA_VERSION = 1;

/** Thrown by a migration when the file is not what that version's files look like. */
export class WrongShapeError extends Error {}

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * One function per version step: `MIGRATIONS[n]` turns a version-n file into a version-(n+1) one.
 * Version 0 is a file written before `schemaVersion` existed.
 */
const MIGRATIONS: Record<number, Migration> = {
  0: fromVersion0,
};

/** Brings `data` (at `version`) to METADATA_SCHEMA_VERSION, one step at a time. */
export function migrateMetadata(
  data: Record<string, unknown>,
  version: number,
): Record<string, unknown> {
  let current = data;
  for (let step = version; step < METADATA_SCHEMA_VERSION; step += 1) {
    const migration = MIGRATIONS[step];
    if (migration === undefined) throw new WrongShapeError(`no migration from version ${step}`);
    current = migration(current);
  }
  return current;
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
