import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler } from '../../app/refresh/scheduler';

const T0 = 1_000_000;
const clock = { now: () => Date.now() };

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A job the test finishes by hand. */
function manualJobs() {
  const started: string[] = [];
  const running = new Map<string, () => void>();
  return {
    started,
    run: (key: string) => {
      started.push(key);
      return new Promise<void>((resolve) => running.set(key, resolve));
    },
    finish: async (key: string) => {
      running.get(key)!();
      running.delete(key);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe('RefreshScheduler: many tokens due at once (resume from sleep)', () => {
  const COUNT = 2_000;
  /** COUNT tokens due over the next COUNT seconds, scheduled in a scrambled order. */
  function scheduleMany(scheduler: RefreshScheduler): string[] {
    const keys: string[] = [];
    for (let i = 0; i < COUNT; i += 1) {
      const n = (i * 7_919) % COUNT;
      scheduler.schedule(`t${n}`, T0 + 1_000 * (n + 1));
      keys[n] = `t${n}`;
    }
    return keys; // in deadline order
  }

  it('moves due tokens to the run queue in chunks, yielding through the timers between them', async () => {
    const ran: string[] = [];
    const scheduler = new RefreshScheduler({ clock, run: async (key) => void ran.push(key) });
    const inDeadlineOrder = scheduleMany(scheduler);
    vi.setSystemTime(T0 + 1_000 * (COUNT + 10));
    scheduler.reevaluate();
    // One turn moved some of them, not all: the rest wait for the zero-delay timer.
    const waiting = inDeadlineOrder.filter((key) => scheduler.dueAt(key) !== undefined).length;
    expect(waiting).toBeGreaterThan(0);
    expect(waiting).toBeLessThan(COUNT);
    expect(scheduler.armed).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    let yields = 0;
    for (let waitingNow = waiting; waitingNow > 0; yields += 1) {
      await vi.advanceTimersToNextTimerAsync();
      const left = inDeadlineOrder.filter((key) => scheduler.dueAt(key) !== undefined).length;
      expect(left).toBeLessThan(waitingNow);
      waitingNow = left;
    }
    expect(yields).toBeGreaterThan(1);
    // A yield costs no more than the host's minimum timer delay (1 ms), and all ran in deadline order.
    expect(Date.now() - (T0 + 1_000 * (COUNT + 10))).toBeLessThanOrEqual(yields);
    expect(ran).toEqual(inDeadlineOrder);
    expect(scheduler.armed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops a chunked firing when stopped between chunks', async () => {
    const ran: string[] = [];
    const scheduler = new RefreshScheduler({ clock, run: async (key) => void ran.push(key) });
    const keys = scheduleMany(scheduler);
    vi.setSystemTime(T0 + 1_000 * (COUNT + 10));
    scheduler.reevaluate();
    await vi.advanceTimersToNextTimerAsync();
    const ranBeforeStop = ran.length;
    expect(ranBeforeStop).toBeGreaterThan(0);
    expect(ranBeforeStop).toBeLessThan(COUNT);
    scheduler.stop();
    expect(scheduler.armed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(ran).toHaveLength(ranBeforeStop);
    expect(keys.every((key) => scheduler.dueAt(key) === undefined)).toBe(true);
    scheduler.schedule('late', Date.now());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toHaveLength(ranBeforeStop);
  });

  it('re-arms the timer on re-evaluation, so a deadline after the sleep is not late', async () => {
    const ran: Array<[string, number]> = [];
    const scheduler = new RefreshScheduler({
      clock,
      run: async (key) => void ran.push([key, Date.now()]),
    });
    scheduler.schedule('x', T0 + 60_000);
    // Slept 30 s: the wall clock moved, the armed timer did not (it still waits 60 s).
    vi.setSystemTime(T0 + 30_000);
    scheduler.reevaluate();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ran).toEqual([['x', T0 + 60_000]]);
  });
});

describe('RefreshScheduler: the run queue', () => {
  it('runs a token again after its job when it comes due while running', async () => {
    const jobs = manualJobs();
    const scheduler = new RefreshScheduler({ clock, run: jobs.run });
    scheduler.schedule('a', T0 + 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(jobs.started).toEqual(['a']);
    // Due again (right away) while its first job still runs: not run twice at once...
    scheduler.schedule('a', T0 + 1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(jobs.started).toEqual(['a']);
    expect(scheduler.dueAt('a')).toBeUndefined();
    // ...but again once it ends.
    await jobs.finish('a');
    expect(jobs.started).toEqual(['a', 'a']);
    // Re-scheduled for later while running: runs at that deadline.
    scheduler.schedule('a', T0 + 60_000);
    await jobs.finish('a');
    expect(jobs.started).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(jobs.started).toEqual(['a', 'a', 'a']);
  });

  it('forgets a queued token on unschedule, and never queues a token twice', async () => {
    const jobs = manualJobs();
    const scheduler = new RefreshScheduler({ clock, concurrency: 1, run: jobs.run });
    for (const key of ['a', 'b', 'c', 'd']) scheduler.schedule(key, T0 + 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(jobs.started).toEqual(['a']);
    scheduler.unschedule('b');
    // c comes due again while queued: it keeps its place and runs once.
    scheduler.schedule('c', T0 + 1_000);
    await vi.advanceTimersByTimeAsync(0);
    await jobs.finish('a');
    await jobs.finish('c');
    await jobs.finish('d');
    expect(jobs.started).toEqual(['a', 'c', 'd']);
    expect(scheduler.inFlight).toBe(0);
    // A job that throws instead of rejecting does not stall the queue.
    const thrown: string[] = [];
    const throwing = new RefreshScheduler({
      clock,
      concurrency: 1,
      run: (key) => {
        thrown.push(key);
        throw new Error('not a promise');
      },
    });
    throwing.schedule('x', Date.now());
    throwing.schedule('y', Date.now());
    await vi.advanceTimersByTimeAsync(0);
    expect(thrown).toEqual(['x', 'y']);
    expect(throwing.inFlight).toBe(0);
  });
});
