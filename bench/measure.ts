/** One row of the bench table: the median of several rounds, with min and max. */
export interface Figure {
  name: string;
  /** How it was measured, in a few words. */
  how: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  /** The target in words; '' when the figure is reported without one. */
  target: string;
  /** Whether the target was met; undefined when there is no target. */
  meetsTarget?: boolean;
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

/** CPU time (user + system) this process used since `since`, in milliseconds. */
export function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Element-wise ratios a[i] ÷ b[i]. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / b[i]!);
}

/** A number with 3 significant digits at most, for notes. */
export function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** `min–max` of a list, formatted. */
export function range(values: readonly number[]): string {
  const s = summarize([...values]);
  return `${fmt(s.min)}–${fmt(s.max)}`;
}
