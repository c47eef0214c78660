import { describe, expect, it } from 'vitest';
import { DeadlineClock } from '../../app/engine/deadline-clock';

/** A wall clock and a monotonic clock a test moves separately, as a computer's are. */
function clocks() {
  const state = { wall: Date.UTC(2026, 10, 29, 12), mono: 1_000 };
  return {
    state,
    clock: { now: () => state.wall, monotonic: () => state.mono },
    awakeFor: (ms: number) => {
      state.wall += ms;
      state.mono += ms;
    },
  };
}

describe('DeadlineClock', () => {
  it('runs with the monotonic clock while awake', () => {
    const { clock, awakeFor } = clocks();
    const deadlines = new DeadlineClock(clock);
    const start = deadlines.now();
    awakeFor(60_000);
    expect(deadlines.now() - start).toBe(60_000);
  });

  it('ignores the wall clock being set back or forward', () => {
    const { state, clock, awakeFor } = clocks();
    const deadlines = new DeadlineClock(clock);
    const start = deadlines.now();
    state.wall -= 10 * 60_000;
    awakeFor(1_000);
    state.wall += 20 * 60_000;
    awakeFor(1_000);
    expect(deadlines.now() - start).toBe(2_000);
  });

  it('counts the time slept when told the computer resumed', () => {
    const { state, clock, awakeFor } = clocks();
    const deadlines = new DeadlineClock(clock);
    const start = deadlines.now();
    awakeFor(5_000);
    // Asleep for an hour: the monotonic clock stood still, the wall clock did not.
    state.wall += 60 * 60_000;
    expect(deadlines.resumed()).toBe(60 * 60_000);
    expect(deadlines.now() - start).toBe(5_000 + 60 * 60_000);
    // A second resume event for the same sleep counts nothing more.
    expect(deadlines.resumed()).toBe(0);
    expect(deadlines.slept).toBe(60 * 60_000);
  });

  it('does not count clock noise as sleep', () => {
    const { state, clock, awakeFor } = clocks();
    const deadlines = new DeadlineClock(clock);
    awakeFor(10_000);
    state.wall += 500;
    expect(deadlines.resumed()).toBe(0);
  });
});
