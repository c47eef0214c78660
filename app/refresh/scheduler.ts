import { systemTimers, type Clock, type Timers } from '../ports';

/** Runs the refresh of one token; resolves when done (success or handled failure). */
export type RefreshJob = (key: string) => Promise<void>;

export interface SchedulerOptions {
  clock: Clock;
  timers?: Timers;
  /** At most this many jobs at once (default 4). */
  concurrency?: number;
  run: RefreshJob;
}

/** The longest a timer is armed for: setTimeout overflows past 2^31-1 ms, and sleep makes timers drift. */
const MAX_TIMER_MS = 6 * 60 * 60_000;

/**
 * The background refresh scheduler: one timer for all tokens, armed for the earliest deadline;
 * due tokens run through a queue with a concurrency cap; a token is never queued twice. The
 * scheduler decides only *when*; what a refresh does is `run`.
 */
export class RefreshScheduler {
  private readonly due = new Map<string, number>();
  private readonly queue: string[] = [];
  private readonly running = new Set<string>();
  private timer: unknown;
  private timerAt: number | undefined;
  private stopped = false;
  private readonly timers: Timers;
  private concurrencyCap: number;
  /** Most jobs that were ever in flight at once (for tests and the bench). */
  peakInFlight = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? systemTimers;
    this.concurrencyCap = Math.max(1, options.concurrency ?? 4);
  }

  /** Sets (or moves) the deadline of a token. */
  schedule(key: string, dueAt: number): void {
    if (this.stopped) return;
    this.due.set(key, dueAt);
    this.arm();
  }

  /** Forgets a token (signed out, removed). A running job finishes. */
  unschedule(key: string): void {
    this.due.delete(key);
    const queued = this.queue.indexOf(key);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.arm();
  }

  /** When a token is due, if scheduled. */
  dueAt(key: string): number | undefined {
    return this.due.get(key);
  }

  /** Re-evaluates every deadline now: after resume from sleep or a network change. */
  reevaluate(): void {
    this.fire();
  }

  set concurrency(value: number) {
    this.concurrencyCap = Math.max(1, value);
    this.pump();
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** True while a timer is armed (the bench checks there is exactly one). */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
    this.due.clear();
    this.queue.length = 0;
  }

  private arm(): void {
    let earliest: number | undefined;
    for (const at of this.due.values()) if (earliest === undefined || at < earliest) earliest = at;
    if (earliest === undefined) {
      this.disarm();
      return;
    }
    if (this.timerAt === earliest && this.timer !== undefined) return;
    this.disarm();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.options.clock.now()));
    this.timerAt = earliest;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.fire();
    }, delay);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }

  private fire(): void {
    if (this.stopped) return;
    const now = this.options.clock.now();
    const ready = [...this.due.entries()].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
    for (const [key] of ready) {
      this.due.delete(key);
      if (!this.running.has(key) && !this.queue.includes(key)) this.queue.push(key);
    }
    this.pump();
    this.arm();
  }

  private pump(): void {
    while (this.running.size < this.concurrencyCap && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.running.add(key);
      this.peakInFlight = Math.max(this.peakInFlight, this.running.size);
      void this.options
        .run(key)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(key);
          this.pump();
        });
    }
  }
}
