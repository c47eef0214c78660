import type { EngineEvent } from '../contract/events';

export { ACCOUNT_STATES, type AccountState } from '../contract/accounts';
export type { EngineEvent } from '../contract/events';

type Listener = (event: EngineEvent) => void;

/** A small typed event bus. A listener that throws does not stop the others. */
export class EngineEvents {
  private readonly listeners = new Set<Listener>();

  /** Returns a function that unsubscribes. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not break refreshes.
      }
    }
  }
}
