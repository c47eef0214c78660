import { systemTimers, type Timers } from '../ports';

export interface Debounced {
  /** Asks for a run; runs once, `ms` after the last ask. */
  (): void;
  /** Drops a pending run. */
  cancel(): void;
}

/** Runs `run` once after calls stop for `ms` (trailing edge), e.g. a tray rebuild per burst of events. */
export function debounce(run: () => void, ms: number, timers: Timers = systemTimers): Debounced {
  let handle: unknown;
  const debounced = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => {
      handle = undefined;
      run();
    }, ms);
  };
  debounced.cancel = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return debounced;
}
