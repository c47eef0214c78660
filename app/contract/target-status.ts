import { isAppOnlyFlow, type AccountView, type TargetView } from './accounts';
import type { ErrorInfo } from './errors';

/**
 * What a target's state means to the person, and what they can do about it, from what its view
 * carries (`state`, `expiresOn`, `nextRefreshOn`, `lastError`). One rule for the window and the
 * tray: a token is offered ("usable until …", Copy) only while its state says it is good, never
 * after the provider refused the account (`needs-sign-in`) or the target failed for good
 * (`error` without a retry); "Sign in again" only where signing in helps; a retry has one time.
 */
export type TargetStatus =
  /** No token and nothing under way: sign in (a person's flow) or acquire (an app flow). */
  | { kind: 'no-token' }
  | { kind: 'signing-in' }
  /** A token the person can use; `expiring`: inside its refresh lead time, or expired. */
  | { kind: 'valid'; expiresOn: number; expiring: boolean }
  | { kind: 'refreshing'; usableUntil?: number }
  /**
   * A transient failure, retried on its own at `retryOn`: `offline` when the provider could not
   * be reached (network, timeout), else the provider failed (5xx, 429, a broken answer). The
   * cached token stays usable until `usableUntil` (absent: none, or it has expired).
   */
  | {
      kind: 'offline' | 'retrying';
      retryOn?: number;
      usableUntil?: number;
      error?: ErrorInfo;
    }
  /** Only signing in again can help: the provider no longer accepts the refresh token. */
  | { kind: 'needs-sign-in'; error?: ErrorInfo }
  /** A failure that needs a person (set-up, a refused client): not retried on its own. */
  | { kind: 'failed'; error?: ErrorInfo }
  /** Its saved secrets cannot be opened now; retried by the engine. */
  | { kind: 'storage-locked' };

/** The target's status at `now` (epoch ms). */
export function targetStatus(target: TargetView, now: number): TargetStatus {
  const usable =
    target.expiresOn !== undefined && target.expiresOn > now
      ? { usableUntil: target.expiresOn }
      : {};
  const error = target.lastError ? { error: target.lastError } : {};
  // While retrying, the view's next refresh is the retry (see `TargetView.nextRefreshOn`).
  const retry = target.nextRefreshOn !== undefined ? { retryOn: target.nextRefreshOn } : {};
  switch (target.state) {
    case 'signed-out':
      return { kind: 'no-token' };
    case 'signing-in':
      return { kind: 'signing-in' };
    case 'valid':
    case 'expiring':
      if (target.expiresOn === undefined) return { kind: 'no-token' };
      return {
        kind: 'valid',
        expiresOn: target.expiresOn,
        expiring: target.state === 'expiring' || target.expiresOn <= now,
      };
    case 'refreshing':
      return { kind: 'refreshing', ...usable };
    case 'offline':
      return { kind: 'offline', ...retry, ...usable, ...error };
    case 'retrying':
      return { kind: 'retrying', ...retry, ...usable, ...error };
    case 'needs-sign-in':
      return { kind: 'needs-sign-in', ...error };
    case 'error':
      // The engine shows a transient failure with no usable token as `error` too; only that one
      // has a retry scheduled (a failure that needs a person is taken off the schedule).
      return target.nextRefreshOn !== undefined
        ? { kind: 'retrying', ...retry, ...error }
        : { kind: 'failed', ...error };
    case 'storage-locked':
      return { kind: 'storage-locked' };
  }
}

/** The token the status offers, if any: it is copied, revealed and shown as time left. */
export function usableUntil(status: TargetStatus): number | undefined {
  switch (status.kind) {
    case 'valid':
      return status.expiresOn;
    case 'refreshing':
    case 'offline':
    case 'retrying':
      return status.usableUntil;
    default:
      return undefined;
  }
}

/**
 * Whether Copy may be offered for the target now: it holds a usable token, or (app flows, which
 * acquire on demand) it is neither refused nor failed nor locked. A copy refreshes first when
 * little time is left, so a valid token near its end is still offered.
 */
export function canCopy(account: AccountView, target: TargetView, now: number): boolean {
  const status = targetStatus(target, now);
  if (status.kind === 'valid') return true;
  if (usableUntil(status) !== undefined) return true;
  if (!isAppOnlyFlow(account.flow)) return false;
  return status.kind === 'no-token' || status.kind === 'retrying' || status.kind === 'offline';
}

/** Whether "Retry now" / "Refresh now" can do something (the engine refreshes it at once). */
export function canRetry(account: AccountView, target: TargetView, now: number): boolean {
  const status = targetStatus(target, now);
  switch (status.kind) {
    case 'valid':
    case 'offline':
    case 'retrying':
      return isAppOnlyFlow(account.flow) || account.hasRefreshToken || status.kind === 'valid';
    case 'failed':
      // A set-up failure may have been fixed (a secret renewed at the provider): trying again
      // is the person's call. A person's flow needs a refresh token to try with.
      return isAppOnlyFlow(account.flow) || account.hasRefreshToken;
    case 'no-token':
      return isAppOnlyFlow(account.flow);
    default:
      return false;
  }
}

/** What the account's sign-in button offers, or `none` where signing in cannot help now. */
export type SignInOffer =
  /** Never signed in, or its tokens were dropped (an edit): the main action. */
  | { kind: 'sign-in'; primary: true }
  /** The provider refused the refresh token: the main action. */
  | { kind: 'sign-in-again'; primary: true }
  /** Valid: signing in again only replaces the tokens (another user, new consent). */
  | { kind: 'sign-in-again'; primary: false }
  /**
   * Signing in cannot help: the provider is unreachable or failing (retried on its own), a
   * refresh or sign-in is under way, the key store is locked, or an app flow's failure (Retry).
   */
  | { kind: 'none' };

/** The sign-in button for the account, from its most urgent state. */
export function signInOffer(account: AccountView): SignInOffer {
  switch (account.state) {
    case 'signed-out':
      return account.identity
        ? { kind: 'sign-in-again', primary: true }
        : { kind: 'sign-in', primary: true };
    case 'needs-sign-in':
      return { kind: 'sign-in-again', primary: true };
    case 'valid':
    case 'expiring':
      return { kind: 'sign-in-again', primary: false };
    case 'error':
      // A set-up failure of a person's flow (a scope or consent the provider refused) may be
      // fixed by signing in again; a transient one shown as `error` (no token left) may not, and
      // an app flow "signs in" by acquiring, which is what Retry does.
      return !isAppOnlyFlow(account.flow) &&
        account.targets.some((t) => t.state === 'error' && t.nextRefreshOn === undefined)
        ? { kind: 'sign-in-again', primary: false }
        : { kind: 'none' };
    case 'signing-in':
    case 'refreshing':
    case 'retrying':
    case 'offline':
    case 'storage-locked':
      return { kind: 'none' };
  }
}

/** The token a one-key copy takes: the account's first target that offers one, else its first. */
export function primaryTarget(account: AccountView, now: number): TargetView | undefined {
  return account.targets.find((t) => canCopy(account, t, now)) ?? account.targets[0];
}
