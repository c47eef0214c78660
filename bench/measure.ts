/** One row of the bench table: the median of several rounds, with min and max. */
export interface Figure {
  name: string;
  /** How it was measured, in a few words. */
  how: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  target: string;
  meetsTarget: boolean;
  /** Extra figures reported alongside (file size, heap, peak in flight…). */
  notes?: string;
}

/** Median, min and max of a list of numbers. */
export function summarize(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export function now(): number {
  return performance.now();
}

/** Runs `rounds` rounds of `round` and returns each round's figure. */
export async function rounds(
  count: number,
  round: (index: number) => Promise<number> | number,
): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < count; i += 1) values.push(await round(i));
  return values;
}
