/** Turning a file's bytes into JSON and reading its `schemaVersion`, with reasons for people. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Strict UTF-8 (a malformed byte sequence throws instead of becoming U+FFFD). Reused: cheaper. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses UTF-8 JSON (a leading byte-order mark is tolerated). */
export function parseJsonBytes(raw: Uint8Array): Parsed<unknown> {
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
}

/**
 * The file's `schemaVersion`: `missing` when absent, else a non-negative integer no newer than
 * `supported`; anything else is a reason the file cannot be used.
 */
export function readSchemaVersion(
  value: unknown,
  { supported, missing }: { supported: number; missing: number | undefined },
): Parsed<number> {
  if (value === undefined) {
    return missing === undefined
      ? { ok: false, reason: 'schemaVersion is missing' }
      : { ok: true, value: missing };
  }
  if (!Number.isInteger(value) || (value as number) < 0) {
    return { ok: false, reason: 'schemaVersion is not a whole number' };
  }
  if ((value as number) > supported) {
    return {
      ok: false,
      reason: `schemaVersion ${String(value)} is newer than this version of TokenDock supports (${supported})`,
    };
  }
  return { ok: true, value: value as number };
}
