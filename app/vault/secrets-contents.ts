import type { SecretKey } from '../accounts/types';
import { parseJsonBytes, readSchemaVersion } from './json-contents';
import { parseSecretEntryName } from './secret-keys';
import { isRecord } from './shape-guards';

/** The secrets file's current `schemaVersion`. */
export const SECRETS_SCHEMA_VERSION = 1;

/** One entry of `secrets.json`: its name, its key, and the base64 of the cipher's output. */
export interface SealedEntry {
  name: string;
  key: SecretKey;
  sealed: string;
}

export type SecretsReading =
  { usable: true; entries: SealedEntry[] } | { usable: false; reason: string };

/**
 * Reads `secrets.json`'s bytes: `{ schemaVersion: 1, entries: { "<name>": "<base64>" } }`.
 * Anything else (not JSON, another shape, an entry name we do not make, a non-string value, an
 * unknown `schemaVersion`) makes the file unusable. Nothing is decrypted here.
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
  for (const [name, sealed] of Object.entries(entries)) {
    const key = parseSecretEntryName(name);
    if (key === undefined)
      return { usable: false, reason: 'wrong shape: an entry name is malformed' };
    if (typeof sealed !== 'string') {
      return { usable: false, reason: 'wrong shape: an entry value is not a string' };
    }
    result.push({ name, key, sealed });
  }
  return { usable: true, entries: result };
}

/** The file's text for `entries` (name → base64), names sorted. */
export function serializeSecrets(entries: ReadonlyMap<string, string>): string {
  const sorted = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ schemaVersion: SECRETS_SCHEMA_VERSION, entries: sorted }, null, 2)}\n`;
}
