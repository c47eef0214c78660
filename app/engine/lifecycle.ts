import type { AccountState } from '../contract/accounts';
import type { ErrorInfo } from '../errors/tokendock-error';

/**
 * Where one target is in its life. One value per target, changed only by `nextLifecycle`, so a
 * target cannot be "refreshing" and "needs sign-in" at once. Whether a valid token is inside its
 * lead time ("expiring") is not stored: it follows from the token and the clock.
 */
export type TargetLifecycle =
  | { phase: 'signed-out' }
  /** A token is held; `warned` once told that it will expire with no way to refresh it. */
  | { phase: 'valid'; lastRefreshOn?: number; warned?: boolean }
  /** `failures`: transient failures in a row before this attempt (so backoff keeps growing). */
  | { phase: 'refreshing'; lastRefreshOn?: number; failures?: number }
  /**
   * A transient failure: retried at `retryAt` (deadline clock), shown as `retryOn` (wall clock);
   * `offline` when the network failed.
   */
  | {
      phase: 'retrying';
      attempt: number;
      retryAt: number;
      retryOn: number;
      offline: boolean;
      error: ErrorInfo;
      lastRefreshOn?: number;
    }
  /** Only a person signing in again can help (the refresh token is dead or missing). */
  | { phase: 'needs-sign-in'; error?: ErrorInfo }
  /** A failure that needs a person (configuration, refused client): not retried. */
  | { phase: 'failed'; error: ErrorInfo }
  /**
   * Its stored tokens and secrets cannot be opened now (the system key store is locked, access
   * was denied, or it is not available yet). Kept sealed, not refreshed (that needs the refresh
   * token), and opened again when the key store works (`token-loaded` then).
   */
  | { phase: 'storage-locked'; lastRefreshOn?: number };

/** What happens to a target. */
export type LifecycleEvent =
  | { type: 'token-loaded' }
  | { type: 'refresh-started' }
  | { type: 'refreshed'; at: number }
  | {
      type: 'transient-failure';
      error: ErrorInfo;
      retryAt: number;
      retryOn: number;
      offline: boolean;
    }
  | { type: 'needs-sign-in'; error?: ErrorInfo }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'warned-expiring' }
  /** A refresh ended without a result to keep (superseded by an edit, a sign-in or removal). */
  | { type: 'refresh-abandoned'; hasToken: boolean }
  /** The target's tokens were dropped (edit, sign-out). */
  | { type: 'tokens-dropped' }
  /** Its stored secrets cannot be opened now (see the `storage-locked` phase). */
  | { type: 'storage-locked' };

export const SIGNED_OUT: TargetLifecycle = { phase: 'signed-out' };

/**
 * The one transition function of a target's lifecycle: the state after `event`. Pure; the
 * engine's `TargetStates` applies it and emits the events.
 */
export function nextLifecycle(current: TargetLifecycle, event: LifecycleEvent): TargetLifecycle {
  const last = 'lastRefreshOn' in current ? current.lastRefreshOn : undefined;
  const withLast = last !== undefined ? { lastRefreshOn: last } : {};
  switch (event.type) {
    case 'token-loaded':
      return { phase: 'valid' };
    case 'refresh-started': {
      const failures = current.phase === 'retrying' ? current.attempt : 0;
      return { phase: 'refreshing', ...withLast, ...(failures ? { failures } : {}) };
    }
    case 'refreshed':
      return { phase: 'valid', lastRefreshOn: event.at };
    case 'transient-failure':
      return {
        phase: 'retrying',
        attempt: nextAttempt(current),
        retryAt: event.retryAt,
        retryOn: event.retryOn,
        offline: event.offline,
        error: event.error,
        ...withLast,
      };
    case 'needs-sign-in':
      return { phase: 'needs-sign-in', ...(event.error ? { error: event.error } : {}) };
    case 'failed':
      return { phase: 'failed', error: event.error };
    case 'warned-expiring':
      return current.phase === 'valid' ? { ...current, warned: true } : current;
    case 'refresh-abandoned':
      if (current.phase !== 'refreshing') return current;
      return event.hasToken ? { phase: 'valid', ...withLast } : SIGNED_OUT;
    case 'tokens-dropped':
      return SIGNED_OUT;
    case 'storage-locked':
      return { phase: 'storage-locked', ...withLast };
  }
}

/** The attempt number of the next retry after a transient failure (1 for the first). */
export function nextAttempt(current: TargetLifecycle): number {
  if (current.phase === 'retrying') return current.attempt + 1;
  if (current.phase === 'refreshing') return (current.failures ?? 0) + 1;
  return 1;
}

/**
 * What the UI shows for a target in `lifecycle`, given whether it holds an unexpired token and
 * whether that token is inside its lead time.
 */
export function displayState(
  lifecycle: TargetLifecycle,
  token: 'none' | 'expired' | 'expiring' | 'fresh',
): AccountState {
  switch (lifecycle.phase) {
    case 'storage-locked':
      return 'storage-locked';
    case 'needs-sign-in':
      return 'needs-sign-in';
    case 'failed':
      return 'error';
    case 'refreshing':
      return 'refreshing';
    case 'retrying':
      if (token === 'none' || token === 'expired') return lifecycle.offline ? 'offline' : 'error';
      return lifecycle.offline ? 'offline' : 'retrying';
    case 'signed-out':
      return 'signed-out';
    case 'valid':
      if (token === 'none') return 'signed-out';
      if (token === 'expired') return 'expiring';
      return lifecycle.warned || token === 'expiring' ? 'expiring' : 'valid';
  }
}
