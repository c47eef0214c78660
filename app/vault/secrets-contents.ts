import type { SecretKey } from '../accounts/types';
import { parseJsonBytes, readSchemaVersion } from './json-contents';
import { parseSecretEntryName } from './secret-keys';
import { isRecord } from './shape-guards';

/** The old secrets file's last `schemaVersion`. */
export const SECRETS_SCHEMA_VERSION = 1;

/** One entry of the old `secrets.json`: its name, its key, and the base64 of the cipher's output. */
export interface SealedEntry {
  name: string;
  key: SecretKey;
  sealed: string;
}

export type SecretsReading =
  | {
      usable: true;
      entries: SealedEntry[];
      /** Entries that were malformed (a name we never made, a value that is not a string). */
      dropped: { name: string; reason: string }[];
    }
  | { usable: false; reason: string };

/**
 * Reads the old `secrets.json`'s bytes (the layout before one file per account):
 * `{ schemaVersion: 1, entries: { "<account>/<target or ->/<kind>": "<base64>" } }`. Not JSON,
 * another shape or an unknown `schemaVersion` makes the file unusable; a malformed entry is
 * dropped alone. Nothing is decrypted here.
 */
export function readSecretsContents(raw: Uint8Array): SecretsReading {
  const parsed = parseJsonBytes(raw);
  if (!parsed.ok) return { usable: false, reason: parsed.reason };
  if (!isRecord(parsed.value)) return { usable: false, reason: 'wrong shape: not a JSON object' };
  const version = readSchemaVersion(parsed.value.schemaVersion, {
    supported: SECRETS_SCHEMA_VERSION,
    missing: undefined,
  });
  if (!version.ok) return { usable: false, reason: version.reason };
  const { entries } = parsed.value;
  if (!isRecord(entries)) return { usable: false, reason: 'wrong shape: entries is not an object' };
  const result: SealedEntry[] = [];
  const dropped: { name: string; reason: string }[] = [];
  for (const [name, sealed] of Object.entries(entries)) {
    const key = parseSecretEntryName(name);
    if (key === undefined) {
      dropped.push({ name, reason: 'the entry name is malformed' });
    } else if (typeof sealed !== 'string' || sealed === '') {
      dropped.push({ name, reason: 'the value is not a non-empty string' });
    } else {
      result.push({ name, key, sealed });
    }
  }
  return { usable: true, entries: result, dropped };
}
