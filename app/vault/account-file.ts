import type { AccountRecord, SecretKey } from '../accounts/types';
import { accountShapeProblem } from './account-shape';
import { parseJsonBytes, readSchemaVersion } from './json-contents';
import { ACCOUNT_FILE_MIGRATIONS, migrate, WrongShapeError } from './metadata-migrations';
import { parseSecretSlot } from './secret-keys';
import { isRecord } from './shape-guards';

/** The account files' current `schemaVersion`. */
export const ACCOUNT_FILE_SCHEMA_VERSION = ACCOUNT_FILE_MIGRATIONS.current;

/** A secret as it is in an account file: its key and the base64 of the cipher's output. */
export interface SealedSecret {
  key: SecretKey;
  sealed: string;
}

/** A secret entry of an account file that was malformed, and dropped. */
export interface DroppedSecret {
  slot: string;
  reason: string;
  /** The secret's key, when the slot itself was well-formed (only its value was not). */
  key?: SecretKey;
}

export type AccountFileReading =
  | {
      usable: true;
      account: AccountRecord;
      /** Slot (`<target or *>/<kind>`) → sealed secret. Nothing is decrypted here. */
      secrets: Map<string, SealedSecret>;
      dropped: DroppedSecret[];
      /** The version the file had, when it was older than the current one. */
      migratedFrom?: number;
    }
  | { usable: false; reason: string };

/**
 * Reads `accounts/<id>.json`: `{ schemaVersion, account, secrets }`. Not JSON, another shape, an
 * account that is malformed or whose id is not the file's name, a missing or future
 * `schemaVersion`: the file is unusable. A malformed secret entry (a slot we never make,
 * `__proto__`, a value that is not a non-empty string) is dropped alone. Values are not checked
 * further (base64, decryption): that happens when a secret is first read.
 */
export function readAccountFile(raw: Uint8Array, expectedId: string): AccountFileReading {
  const parsed = parseJsonBytes(raw);
  if (!parsed.ok) return { usable: false, reason: parsed.reason };
  if (!isRecord(parsed.value)) return { usable: false, reason: 'wrong shape: not a JSON object' };
  const version = readSchemaVersion(parsed.value.schemaVersion, {
    supported: ACCOUNT_FILE_SCHEMA_VERSION,
    missing: undefined,
  });
  if (!version.ok) return { usable: false, reason: version.reason };
  let data: Record<string, unknown>;
  try {
    data = migrate(parsed.value, version.value, ACCOUNT_FILE_MIGRATIONS);
  } catch (error) {
    if (error instanceof WrongShapeError) {
      return { usable: false, reason: `wrong shape: ${error.message}` };
    }
    throw error;
  }
  const problem = accountShapeProblem(data.account);
  if (problem !== undefined) return { usable: false, reason: `wrong shape: account: ${problem}` };
  const account = data.account as AccountRecord;
  if (account.id !== expectedId) {
    return { usable: false, reason: 'wrong shape: the account id is not the file name' };
  }
  const secrets = new Map<string, SealedSecret>();
  const dropped: DroppedSecret[] = [];
  if (data.secrets !== undefined && !isRecord(data.secrets)) {
    dropped.push({ slot: 'secrets', reason: 'secrets is not an object' });
  } else {
    for (const [slot, sealed] of Object.entries(data.secrets ?? {})) {
      const key = parseSecretSlot(slot, account.id);
      if (key === undefined) {
        dropped.push({ slot, reason: 'not a secret slot' });
      } else if (typeof sealed !== 'string' || sealed === '') {
        dropped.push({ slot, reason: 'the value is not a non-empty string', key });
      } else {
        secrets.set(slot, { key, sealed });
      }
    }
  }
  return {
    usable: true,
    account,
    secrets,
    dropped,
    ...(version.value < ACCOUNT_FILE_SCHEMA_VERSION ? { migratedFrom: version.value } : {}),
  };
}

/** An account file's bytes: the record and its sealed secrets (slot → base64), slots sorted. */
export function serializeAccountFile(
  account: AccountRecord,
  sealed: Iterable<readonly [string, string]>,
): Buffer {
  const secrets = Object.fromEntries([...sealed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify(
    { schemaVersion: ACCOUNT_FILE_SCHEMA_VERSION, account, secrets },
    null,
    2,
  );
  return Buffer.from(`${text}\n`, 'utf8');
}
