import { systemTimers, type Timers } from '../ports';

/**
 * Watches a connectivity probe (Electron's `net.online`) by polling, since Electron has no
 * online/offline event in the main process, and calls `listener` on every change.
 * Returns a function that stops watching.
 */
export function watchOnline(
  isOnline: () => boolean,
  listener: (online: boolean) => void,
  { intervalMs = 10_000, timers = systemTimers }: { intervalMs?: number; timers?: Timers } = {},
): () => void {
  let last = isOnline();
  let stopped = false;
  let handle: unknown;
  const tick = () => {
    if (stopped) return;
    const now = isOnline();
    if (now !== last) {
      last = now;
      listener(now);
    }
    handle = timers.setTimeout(tick, intervalMs);
  };
  handle = timers.setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}
