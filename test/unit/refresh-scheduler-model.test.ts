import { describe, expect, it } from 'vitest';
import type { Clock, Timers } from '../../app/ports';
import { RefreshScheduler } from '../../app/refresh/scheduler';
import { prng } from '../support/seeded-random';

/*
 * A property test: random sequences of operations run on the real scheduler (with a fake clock and
 * fake timers) and on a naive reference model (a Map of deadlines, filtered and sorted at every
 * step, and an array queue). Both must start the same keys in the same order and agree on
 * `dueAt`, `inFlight` and whether a timer is armed.
 *
 * Both are observed between turns of the event loop: after each operation the fake timers run
 * every timer already due (including the zero-delay timer the scheduler uses to move the next
 * chunk of due keys), which is what a person sees. The exact turn a key moves in is covered by
 * refresh-scheduler-chunks.test.ts.
 */

const SEQUENCES = 300;
const STEPS = 60;

interface FakeTimer {
  at: number;
  order: number;
  callback: () => void;
}

/** A clock and timers the test moves by hand. */
class FakeTime implements Clock, Timers {
  private time = 1_000_000;
  private order = 0;
  private readonly timers = new Map<number, FakeTimer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = ++this.order;
    this.timers.set(handle, { at: this.time + Math.max(0, ms), order: handle, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Runs every timer due by `to`, in order, the clock showing each one's time; then sets it to `to`. */
  advanceTo(to: number): void {
    for (let fired = 0; ; fired += 1) {
      if (fired > 10_000) throw new Error('A timer keeps re-arming itself.');
      let next: [number, FakeTimer] | undefined;
      for (const entry of this.timers)
        if (
          entry[1].at <= to &&
          (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[0] < next[0]))
        )
          next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = Math.max(this.time, to);
  }

  /** The machine sleeps: the wall clock jumps, timers are not due any sooner. */
  sleep(ms: number): void {
    this.time += ms;
    for (const timer of this.timers.values()) timer.at += ms;
  }
}

/** The naive reference: what the scheduler should do, computed the slow, obvious way. */
class Reference {
  readonly deadlines = new Map<string, { at: number; order: number }>();
  private order = 0;
  private queue: string[] = [];
  readonly running = new Set<string>();
  private readonly rerun = new Set<string>();
  readonly started: string[] = [];
  peak = 0;
  private stopped = false;

  constructor(
    public now: number,
    public cap: number,
  ) {}

  schedule(key: string, at: number): void {
    if (this.stopped) return;
    // Equal deadlines run in the order they were set; re-setting the same deadline changes nothing.
    if (this.deadlines.get(key)?.at !== at) this.deadlines.set(key, { at, order: this.order++ });
  }

  unschedule(key: string): void {
    this.deadlines.delete(key);
    this.queue = this.queue.filter((k) => k !== key);
    this.rerun.delete(key);
  }

  /** Moves every due key to the queue, earliest first; a running key runs again after its job. */
  fire(): void {
    if (this.stopped) return;
    const due = [...this.deadlines]
      .filter(([, d]) => d.at <= this.now)
      .sort(([, a], [, b]) => a.at - b.at || a.order - b.order);
    for (const [key] of due) {
      this.deadlines.delete(key);
      if (this.running.has(key)) this.rerun.add(key);
      else if (!this.queue.includes(key)) this.queue.push(key);
    }
    this.pump();
  }

  finish(key: string): void {
    this.running.delete(key);
    if (this.rerun.delete(key)) this.queue.push(key);
    this.pump();
  }

  setCap(cap: number): void {
    this.cap = Math.max(1, cap);
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.deadlines.clear();
    this.queue = [];
    this.rerun.clear();
  }

  private pump(): void {
    while (this.running.size < this.cap && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.running.add(key);
      this.peak = Math.max(this.peak, this.running.size);
      this.started.push(key);
    }
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runSequence(seed: number): Promise<void> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // One sequence in ten also has a burst of more keys than one chunk, due at the same time.
  const bursty = seed % 10 === 0;
  const keys = Array.from({ length: 6 }, (_, i) => `k${i}`);
  const burstKeys = bursty ? Array.from({ length: 1_200 }, (_, i) => `burst${i}`) : [];
  const time = new FakeTime();
  const initialCap = 1 + Math.floor(random() * 3);
  const model = new Reference(time.now(), initialCap);
  const started: string[] = [];
  const runTwice: string[] = [];
  const jobs = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const scheduler = new RefreshScheduler({
    clock: time,
    timers: time,
    concurrency: initialCap,
    run: (key) => {
      // A key never runs twice at once (recorded: the scheduler catches what `run` throws).
      if (jobs.has(key)) runTwice.push(key);
      started.push(key);
      return new Promise<void>((resolve, reject) => jobs.set(key, { resolve, reject }));
    },
  });
  const log: string[] = [];
  let checked = 0;

  for (let step = 0; step < STEPS; step += 1) {
    const roll = random();
    const now = time.now();
    if (roll < 0.3) {
      const key = pick(keys);
      // Whole seconds, a few in the past: ties and overdue keys are common. Rarely days ahead,
      // beyond the 6-hour timer cap.
      const at =
        random() < 0.05
          ? now + Math.floor(random() * 3) * 86_400_000
          : now + (Math.floor(random() * 40) - 5) * 1_000;
      log.push(`schedule ${key} +${at - now}`);
      scheduler.schedule(key, at);
      model.schedule(key, at);
    } else if (roll < 0.4) {
      const key = pick(keys);
      log.push(`unschedule ${key}`);
      scheduler.unschedule(key);
      model.unschedule(key);
    } else if (roll < 0.6) {
      const ms = random() < 0.05 ? 7 * 3_600_000 : Math.floor(random() * 20) * 1_000;
      log.push(`advance ${ms}`);
      time.advanceTo(now + ms);
      model.now = time.now();
      model.fire();
    } else if (roll < 0.85) {
      const running = [...jobs.keys()];
      if (running.length === 0) continue;
      const key = pick(running);
      const fails = random() < 0.2;
      log.push(`${fails ? 'fail' : 'finish'} ${key}`);
      const job = jobs.get(key)!;
      jobs.delete(key);
      if (fails) job.reject(new Error('refresh failed'));
      else job.resolve();
      await settle();
      model.finish(key);
    } else if (roll < 0.9) {
      // Resume from sleep: the clock jumps, then everything is re-evaluated.
      const ms = Math.floor(random() * 120) * 1_000;
      log.push(`sleep ${ms}`);
      time.sleep(ms);
      scheduler.reevaluate();
      model.now = time.now();
      model.fire();
    } else if (roll < 0.95) {
      const cap = 1 + Math.floor(random() * 4);
      log.push(`concurrency ${cap}`);
      scheduler.concurrency = cap;
      model.setCap(cap);
    } else if (bursty && roll < 0.99) {
      const at = now + Math.floor(random() * 3) * 1_000;
      log.push(`burst +${at - now}`);
      for (const key of burstKeys) {
        scheduler.schedule(key, at);
        model.schedule(key, at);
      }
    } else if (random() < 0.05) {
      log.push('stop');
      scheduler.stop();
      model.stop();
    } else {
      log.push('reevaluate');
      scheduler.reevaluate();
      model.fire();
    }
    // Between turns of the event loop: every timer already due has run.
    time.advanceTo(time.now());
    model.now = time.now();
    model.fire();

    const allKeys = [...keys, ...burstKeys];
    const actual = {
      startedNow: started.slice(checked),
      inFlight: scheduler.inFlight,
      dueAt: allKeys.map((key) => scheduler.dueAt(key)),
      armed: scheduler.armed,
      timers: time.pending,
      peakInFlight: scheduler.peakInFlight,
      keysRunTwice: runTwice,
    };
    const expected = {
      startedNow: model.started.slice(checked),
      inFlight: model.running.size,
      dueAt: allKeys.map((key) => model.deadlines.get(key)?.at),
      armed: model.deadlines.size > 0,
      // One timer, armed while any key has a deadline.
      timers: model.deadlines.size > 0 ? 1 : 0,
      peakInFlight: model.peak,
      keysRunTwice: [],
    };
    // A cheap comparison first: `toEqual` on thousands of values at every step of every sequence
    // would dominate the run time; it runs only to report a difference.
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      expect(actual, `seed ${seed}, after: ${log.slice(-8).join('; ')}`).toEqual(expected);
    checked = started.length;
  }
  scheduler.stop();
}

describe('RefreshScheduler against a reference model', () => {
  it(`agrees on ${SEQUENCES} random sequences of ${STEPS} operations`, async () => {
    for (let seed = 1; seed <= SEQUENCES; seed += 1) await runSequence(seed);
  }, 60_000);
});
