import type { Settings } from '../accounts/types';
import { parseJsonBytes, readSchemaVersion } from './json-contents';
import { migrate, SETTINGS_FILE_MIGRATIONS, WrongShapeError } from './metadata-migrations';
import { normalizeSettings } from './settings-shape';
import { isRecord } from './shape-guards';

/** `settings.json`'s current `schemaVersion`. */
export const SETTINGS_FILE_SCHEMA_VERSION = SETTINGS_FILE_MIGRATIONS.current;

export type SettingsReading =
  | {
      usable: true;
      settings: Settings;
      /** Known keys whose stored value was missing or invalid, and got its default. */
      defaulted: string[];
      /** Keys this version does not know, dropped. */
      dropped: string[];
    }
  | { usable: false; reason: string };

/**
 * Reads `settings.json`: `{ schemaVersion, settings }`. Not JSON, another shape (`settings` not an
 * object), a missing or future `schemaVersion`: the file is unusable. Invalid values fall back to
 * their defaults one by one.
 */
export function readSettingsFile(raw: Uint8Array): SettingsReading {
  const parsed = parseJsonBytes(raw);
  if (!parsed.ok) return { usable: false, reason: parsed.reason };
  if (!isRecord(parsed.value)) return { usable: false, reason: 'wrong shape: not a JSON object' };
  const version = readSchemaVersion(parsed.value.schemaVersion, {
    supported: SETTINGS_FILE_SCHEMA_VERSION,
    missing: undefined,
  });
  if (!version.ok) return { usable: false, reason: version.reason };
  let data: Record<string, unknown>;
  try {
    data = migrate(parsed.value, version.value, SETTINGS_FILE_MIGRATIONS);
  } catch (error) {
    if (error instanceof WrongShapeError) {
      return { usable: false, reason: `wrong shape: ${error.message}` };
    }
    throw error;
  }
  if (!isRecord(data.settings)) {
    return { usable: false, reason: 'wrong shape: settings is not an object' };
  }
  const { settings, defaulted, dropped } = normalizeSettings(data.settings);
  return { usable: true, settings, defaulted, dropped };
}

/** `settings.json`'s bytes. */
export function serializeSettingsFile(settings: Settings): Buffer {
  const text = JSON.stringify({ schemaVersion: SETTINGS_FILE_SCHEMA_VERSION, settings }, null, 2);
  return Buffer.from(`${text}\n`, 'utf8');
}
