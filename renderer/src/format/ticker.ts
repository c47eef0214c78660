import { measureTick } from './perf';

/**
 * One shared one-second clock for every live time on screen. Subscribers write straight into
 * their own DOM nodes, so a tick never re-renders React components (not the list, not the card).
 */
type Tick = (now: number) => void;

const subscribers = new Set<Tick>();
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  // Align to the next wall-clock second so every countdown changes together.
  timer = setTimeout(
    () => {
      const start = performance.now();
      const now = Date.now();
      for (const tick of subscribers) tick(now);
      measureTick(start);
      schedule();
    },
    1000 - (Date.now() % 1000) + 5,
  );
}

/** Calls `tick` now and on every second until the returned function is called. */
export function onTick(tick: Tick): () => void {
  subscribers.add(tick);
  tick(Date.now());
  if (timer === undefined) schedule();
  return () => {
    subscribers.delete(tick);
    if (subscribers.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}
