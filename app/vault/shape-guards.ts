/** Small runtime checks for data read from files (which may hold anything). */

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number that JSON can hold and arithmetic can use. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An array whose every element is a string. */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Absent, or a string. */
export function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/** `value` is one of the keys of `table` (used for string unions kept as `Record<Union, true>`). */
export function isKeyOf<K extends string>(table: Record<K, true>, value: unknown): value is K {
  return typeof value === 'string' && Object.hasOwn(table, value);
}
