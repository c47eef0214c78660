import type { ErrorInfo } from '../errors/tokendock-error';

/** Every state an account or one of its targets can be in. */
export const ACCOUNT_STATES = [
  'signed-out',
  'signing-in',
  'valid',
  'expiring',
  'refreshing',
  'needs-sign-in',
  'error',
] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** What the engine tells the UI and the tray. Carries ids and metadata, never a token. */
export type EngineEvent =
  | { type: 'account-added'; accountId: string }
  | { type: 'account-changed'; accountId: string }
  | { type: 'account-removed'; accountId: string }
  | { type: 'token-refreshed'; accountId: string; targetId: string; expiresOn: number }
  | {
      type: 'refresh-failed';
      accountId: string;
      targetId: string;
      error: ErrorInfo;
      retryAt?: number;
    }
  | { type: 'state-changed'; accountId: string; state: AccountState };

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
