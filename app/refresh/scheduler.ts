import { systemTimers, type Clock, type Timers } from '../ports';
import { DeadlineHeap } from './deadline-heap';

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
 * At most this many due tokens move into the run queue per turn of the event loop. After a long
 * sleep every token is due at once; moving them in chunks, with a yield between chunks, keeps any
 * one turn short (a chunk takes well under a millisecond) so the main process stays responsive.
 */
const FIRE_CHUNK = 500;

/**
 * The background refresh scheduler: one timer for all tokens, armed for the earliest deadline;
 * due tokens run through a queue with a concurrency cap; a token is never queued twice. The
 * scheduler decides only *when*; what a refresh does is `run`.
 *
 * Deadlines live in a {@link DeadlineHeap} and the run queue is an indexed FIFO, so scheduling,
 * unscheduling and starting a job cost O(log N) or O(1) whatever the number of tokens. Tokens due
 * at the same time run earliest deadline first, then in the order they were scheduled.
 */
export class RefreshScheduler {
  private readonly deadlines = new DeadlineHeap();
  private readonly queue = new KeyQueue();
  private readonly running = new Set<string>();
  /** Tokens that came due while their job was running: queued again when it ends. */
  private readonly rerun = new Set<string>();
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

  /**
   * Sets (or moves) the deadline of a token. A token re-scheduled while its job runs is run
   * again once that job ends (or at the new deadline, if later). Throws a `RangeError` when
   * `dueAt` is NaN.
   */
  schedule(key: string, dueAt: number): void {
    if (this.stopped) return;
    this.deadlines.set(key, dueAt);
    this.arm();
  }

  /** Forgets a token (signed out, removed). A running job finishes. */
  unschedule(key: string): void {
    this.deadlines.delete(key);
    this.queue.delete(key);
    this.rerun.delete(key);
    this.arm();
  }

  /** When a token is due, if scheduled (a token that came due and waits to run has no deadline). */
  dueAt(key: string): number | undefined {
    return this.deadlines.get(key);
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
    this.deadlines.clear();
    this.queue.clear();
    this.rerun.clear();
  }

  /** Arms the one timer for the earliest deadline; O(1) when that deadline did not change. */
  private arm(): void {
    const next = this.deadlines.peek();
    if (next === undefined) {
      this.disarm();
      return;
    }
    if (this.timerAt === next.at && this.timer !== undefined) return;
    this.disarm();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, next.at - this.options.clock.now()));
    this.timerAt = next.at;
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

  /**
   * Moves up to {@link FIRE_CHUNK} due tokens into the run queue, earliest first. When more are
   * due, the timer is re-armed with no delay: the next chunk moves on a later turn of the event
   * loop, and `stop()` in between cancels it.
   */
  private fire(): void {
    if (this.stopped) return;
    // The timer was armed against an older reading of the clock; after a sleep or a clock jump it
    // may wait far too long for the deadline that is now first. Re-arm it from now.
    this.disarm();
    const now = this.options.clock.now();
    for (let moved = 0; moved < FIRE_CHUNK; moved += 1) {
      const next = this.deadlines.peek();
      if (next === undefined || next.at > now) break;
      this.deadlines.pop();
      if (this.running.has(next.key)) this.rerun.add(next.key);
      else this.queue.push(next.key);
    }
    this.pump();
    this.arm();
  }

  private pump(): void {
    while (this.running.size < this.concurrencyCap) {
      const key = this.queue.shift();
      if (key === undefined) return;
      this.start(key);
    }
  }

  private start(key: string): void {
    this.running.add(key);
    this.peakInFlight = Math.max(this.peakInFlight, this.running.size);
    let job: Promise<void>;
    try {
      job = this.options.run(key);
    } catch {
      job = Promise.resolve();
    }
    void job
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(key);
        if (this.rerun.delete(key)) this.queue.push(key);
        this.pump();
      });
  }
}

interface QueueNode {
  readonly key: string;
  prev: QueueNode | undefined;
  next: QueueNode | undefined;
}

/** A FIFO of distinct keys with O(1) push, shift, delete and membership: a linked list indexed by a Map. */
class KeyQueue {
  private readonly nodes = new Map<string, QueueNode>();
  private head: QueueNode | undefined;
  private tail: QueueNode | undefined;

  /** Appends `key`, unless it is already queued (it then keeps its place). */
  push(key: string): void {
    if (this.nodes.has(key)) return;
    const node: QueueNode = { key, prev: this.tail, next: undefined };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.nodes.set(key, node);
  }

  shift(): string | undefined {
    const node = this.head;
    if (node === undefined) return undefined;
    this.unlink(node);
    return node.key;
  }

  delete(key: string): void {
    const node = this.nodes.get(key);
    if (node) this.unlink(node);
  }

  clear(): void {
    this.nodes.clear();
    this.head = undefined;
    this.tail = undefined;
  }

  private unlink(node: QueueNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    this.nodes.delete(node.key);
  }
}
