import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler } from '../../app/refresh/scheduler';
import { SingleFlight } from '../../app/refresh/single-flight';
import type { Timers } from '../../app/ports';

/** Counts the timers armed through the port. */
function countingTimers(): Timers & { armed: number } {
  const timers = {
    armed: 0,
    setTimeout: (callback: () => void, ms: number) => {
      timers.armed += 1;
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  return timers;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const clock = { now: () => Date.now() };

describe('RefreshScheduler', () => {
  it('runs each token when it is due, earliest first, with one timer', async () => {
    const ran: Array<[string, number]> = [];
    const timers = countingTimers();
    const scheduler = new RefreshScheduler({
      clock,
      timers,
      run: async (key) => void ran.push([key, Date.now()]),
    });
    scheduler.schedule('b', 1_000_000 + 2_000);
    scheduler.schedule('a', 1_000_000 + 1_000);
    scheduler.schedule('c', 1_000_000 + 3_000);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ran).toEqual([
      ['a', 1_001_000],
      ['b', 1_002_000],
      ['c', 1_003_000],
    ]);
    expect(scheduler.armed).toBe(false);
  });

  it('keeps at most `concurrency` jobs in flight when many are due at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: string[] = [];
    const scheduler = new RefreshScheduler({
      clock,
      concurrency: 4,
      run: async (key) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight -= 1;
        done.push(key);
      },
    });
    for (let i = 0; i < 200; i += 1) scheduler.schedule(`t${i}`, 1_000_000 + 1_000 + (i % 10));
    await vi.advanceTimersByTimeAsync(1_010 + 50 * 50);
    expect(done).toHaveLength(200);
    expect(peak).toBe(4);
    expect(scheduler.peakInFlight).toBe(4);
  });

  it('moves, forgets and re-evaluates deadlines', async () => {
    const ran: string[] = [];
    const scheduler = new RefreshScheduler({ clock, run: async (key) => void ran.push(key) });
    scheduler.schedule('x', 1_000_000 + 10_000);
    scheduler.schedule('y', 1_000_000 + 10_000);
    scheduler.schedule('x', 1_000_000 + 60_000);
    scheduler.unschedule('y');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ran).toEqual([]);
    // A clock jump (sleep) past the deadline: re-evaluation runs it at once.
    vi.setSystemTime(1_000_000 + 120_000);
    scheduler.reevaluate();
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['x']);
  });

  it('never arms a timer for longer than 6 hours (sleep drift, setTimeout overflow)', async () => {
    const timers = countingTimers();
    const scheduler = new RefreshScheduler({ clock, timers, run: async () => undefined });
    scheduler.schedule('far', 1_000_000 + 40 * 24 * 3600_000);
    await vi.advanceTimersByTimeAsync(6 * 3600_000);
    expect(timers.armed).toBe(2);
    scheduler.stop();
    expect(scheduler.armed).toBe(false);
  });
});

describe('SingleFlight', () => {
  it('shares one run among concurrent callers, then allows the next', async () => {
    vi.useRealTimers();
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 10));
      return runs;
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => flight.run('k', work)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(await flight.run('k', work)).toBe(2);
  });
});
