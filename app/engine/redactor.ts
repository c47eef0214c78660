import type { Logger } from '../ports';

/** Shortest value treated as a secret: shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Length of the index key: the last characters of each value (never longer than any value). */
const KEY_LENGTH = MIN_SECRET_LENGTH;

/** What a blanked-out secret becomes. */
const REDACTED = '[redacted]';

/** Polynomial rolling hash over UTF-16 code units, modulo 2^30 (small integers stay fast). */
const HASH_BASE = 0x01000193;
const HASH_MASK = 0x3fffffff;
/** HASH_BASE^KEY_LENGTH: the weight of the character leaving the window. */
const DROP = Array.from({ length: KEY_LENGTH }).reduce<number>(
  (power) => Math.imul(power, HASH_BASE),
  1,
);

function roll(hash: number, charCode: number): number {
  return (Math.imul(hash, HASH_BASE) + charCode) & HASH_MASK;
}

/** The index key of a value: the hash of its last {@link KEY_LENGTH} characters. */
function keyOf(value: string): number {
  let hash = 0;
  for (let i = value.length - KEY_LENGTH; i < value.length; i += 1)
    hash = roll(hash, value.charCodeAt(i));
  return hash;
}

/**
 * The most values a redactor remembers at once. The engine forgets replaced and removed secrets,
 * so the live set (about three tokens per target plus the client secrets) stays far below this;
 * the bound only matters if a `forget` is missed.
 */
export const MAX_REMEMBERED_SECRETS = 20_000;

/**
 * Remembers the live secret values of the engine (tokens, client secrets, keys, passwords) and
 * blanks them out of any text. The last line of defence: callers already pass no secrets to logs.
 *
 * Memory follows the live secrets: the engine calls {@link Redactor.forget} when a token is
 * replaced or an account removed. As a safety net the redactor never holds more than
 * `maxValues` values (default {@link MAX_REMEMBERED_SECRETS}); beyond that the value remembered
 * longest ago is dropped first. The trade-off: a dropped value that still shows up in a message
 * is no longer blanked by this redactor (in the log file, the file logger's own patterns still
 * catch JWTs, bearer credentials and secret parameters), in exchange for memory that cannot grow
 * without limit: at worst `maxValues` × the size of a token (about 40 MB for 20,000
 * two-kilobyte JWTs).
 *
 * The cost of {@link Redactor.redact} depends on the length of the text, not on how many values
 * are remembered: values are indexed by (a hash of) their last {@link KEY_LENGTH} characters and
 * the text is scanned once, a rolling hash of each 8-character window looked up in that index and
 * the few candidates compared in place. The last characters rather than the first, because
 * tokens from one issuer share their beginning (every JWT starts with the same base64url header)
 * while their ends (the signature, random bytes) differ. Secrets may contain any character:
 * nothing assumes a token alphabet.
 */
export class Redactor {
  /** Every remembered value, oldest remembered first (a `Set` keeps insertion order). */
  private readonly values = new Set<string>();
  /** Hash of the last {@link KEY_LENGTH} characters → the values ending so, longest first. */
  private readonly byKey = new Map<number, string[]>();

  constructor(private readonly maxValues = MAX_REMEMBERED_SECRETS) {}

  /** How many values are remembered now. */
  get size(): number {
    return this.values.size;
  }

  /**
   * Remembers secret values to blank out; `undefined` and values shorter than 8 characters are
   * ignored. Remembering a value again makes it the newest (the last to be dropped by the bound).
   */
  remember(...values: Array<string | undefined>): void {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      if (this.values.delete(value)) {
        this.values.add(value);
        continue;
      }
      this.values.add(value);
      this.index(value);
      if (this.values.size > this.maxValues) {
        const oldest = this.values.values().next().value as string;
        this.values.delete(oldest);
        this.unindex(oldest);
      }
    }
  }

  /**
   * Stops blanking these values: a token that was replaced, the secrets of a removed account.
   * A value is forgotten whatever the number of times it was remembered, so callers forget only
   * values nothing else still uses (a client secret shared by two accounts stays until both go).
   */
  forget(...values: Array<string | undefined>): void {
    for (const value of values) if (value && this.values.delete(value)) this.unindex(value);
  }

  /**
   * The text with every occurrence of a remembered value replaced by `[redacted]`. Where values
   * overlap (or one contains another, or two share a beginning) the whole stretch they cover
   * becomes one `[redacted]`, so no character of any of them is left; values that merely touch
   * each become their own `[redacted]`.
   */
  redact(text: string): string {
    if (this.byKey.size === 0 || text.length < KEY_LENGTH) return text;
    // Pairs of [start, end) of the longest value ending at each position, by increasing end.
    let found: number[] | undefined;
    let hash = 0;
    for (let i = 0; i < KEY_LENGTH - 1; i += 1) hash = roll(hash, text.charCodeAt(i));
    for (let end = KEY_LENGTH; end <= text.length; end += 1) {
      // The hash of text[end - KEY_LENGTH, end): add the new character, drop the one before.
      hash = roll(hash, text.charCodeAt(end - 1));
      if (end > KEY_LENGTH)
        hash = (hash - Math.imul(text.charCodeAt(end - 1 - KEY_LENGTH), DROP)) & HASH_MASK;
      const candidates = this.byKey.get(hash);
      if (!candidates) continue;
      for (const value of candidates) {
        const start = end - value.length;
        if (start >= 0 && text.startsWith(value, start)) {
          (found ??= []).push(start, end);
          break;
        }
      }
    }
    return found ? replaceSpans(text, found) : text;
  }

  /** Redacts strings anywhere inside a JSON-like value. */
  redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactValue(v)]));
    }
    return value;
  }

  private index(value: string): void {
    const key = keyOf(value);
    const bucket = this.byKey.get(key);
    if (!bucket) {
      this.byKey.set(key, [value]);
      return;
    }
    const at = bucket.findIndex((other) => other.length < value.length);
    bucket.splice(at === -1 ? bucket.length : at, 0, value);
  }

  private unindex(value: string): void {
    const key = keyOf(value);
    const bucket = this.byKey.get(key);
    if (!bucket) return;
    const at = bucket.indexOf(value);
    if (at !== -1) bucket.splice(at, 1);
    if (bucket.length === 0) this.byKey.delete(key);
  }
}

/**
 * Replaces the spans (flat `[start, end, start, end, …]` pairs, in any order) with
 * `[redacted]`, one per stretch of overlapping spans.
 */
function replaceSpans(text: string, flat: number[]): string {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) spans.push([flat[i]!, flat[i + 1]!]);
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < spans.length) {
    const [start] = spans[i]!;
    let end = spans[i]![1];
    for (i += 1; i < spans.length && spans[i]![0] < end; i += 1) end = Math.max(end, spans[i]![1]);
    out += text.slice(copiedTo, start) + REDACTED;
    copiedTo = end;
  }
  return out + text.slice(copiedTo);
}

/** A logger whose every message and field goes through the redactor first. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  const wrap = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) =>
    logger[level](
      redactor.redact(message),
      fields ? (redactor.redactValue(fields) as Record<string, unknown>) : undefined,
    );
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
