import { monotonicNow, type Clock } from '../ports';

/** Differences below this between wall and monotonic time are clock noise, not a suspend. */
const SUSPEND_TOLERANCE_MS = 2_000;

/**
 * The clock every deadline is measured on: monotonic, so setting the wall clock back cannot make
 * an expired token look valid, nor setting it forward make every token look due. But a monotonic
 * clock stops while the computer sleeps (Linux `CLOCK_MONOTONIC`, macOS `mach_absolute_time`),
 * while tokens keep ageing at the provider. So on resume the time slept is added: it is how much
 * more the wall clock moved than the monotonic clock since the last reading. A wall-clock change
 * that happens to fall in the same span is counted too; that errs on the safe side (a token
 * refreshed early, never one handed out late).
 */
export class DeadlineClock {
  readonly #clock: Clock;
  #slept = 0;
  #lastWall: number;
  #lastMono: number;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#lastWall = clock.now();
    this.#lastMono = monotonicNow(clock);
  }

  /** Milliseconds on the deadline clock: monotonic time plus the time slept. */
  now(): number {
    return monotonicNow(this.#clock) + this.#slept;
  }

  /** Total time counted as slept so far (for tests and the log). */
  get slept(): number {
    return this.#slept;
  }

  /** Takes a reading without counting anything (while the computer is known to be awake). */
  awake(): void {
    this.#lastWall = this.#clock.now();
    this.#lastMono = monotonicNow(this.#clock);
  }

  /** After a resume from sleep: counts the time slept since the last reading. Returns it. */
  resumed(): number {
    const wall = this.#clock.now();
    const mono = monotonicNow(this.#clock);
    const gap = wall - this.#lastWall - (mono - this.#lastMono);
    this.#lastWall = wall;
    this.#lastMono = mono;
    if (gap < SUSPEND_TOLERANCE_MS) return 0;
    this.#slept += gap;
    return gap;
  }
}
