import type { AccountRecord, AccountTarget } from '../accounts/types';
import type { AccountState } from '../contract/accounts';
import { isExpiring } from '../refresh/policy';
import type { EngineContext } from './context';
import {
  displayState,
  nextLifecycle,
  SIGNED_OUT,
  type LifecycleEvent,
  type TargetLifecycle,
} from './lifecycle';
import { targetKey } from './token-store';

/**
 * Worst first: what an account as a whole shows. A locked key store first: until it is unlocked
 * nothing else can be done (not even a sign-in could save its tokens).
 */
const SEVERITY: AccountState[] = [
  'storage-locked',
  'needs-sign-in',
  'error',
  'offline',
  'signing-in',
  'retrying',
  'refreshing',
  'expiring',
  'valid',
  'signed-out',
];

/**
 * The one owner of every target's lifecycle and of which accounts are signing in. Changes go
 * through `apply`, which runs the transition function and emits what changed.
 */
export class TargetStates {
  readonly #lifecycles = new Map<string, TargetLifecycle>();
  readonly #signingIn = new Set<string>();
  #ctx!: EngineContext;

  /** Binds to the context it lives in (the context holds this instance). */
  attach(ctx: EngineContext): void {
    this.#ctx = ctx;
  }

  get(accountId: string, targetId: string): TargetLifecycle {
    return this.#lifecycles.get(targetKey(accountId, targetId)) ?? SIGNED_OUT;
  }

  /** Applies `event` to the target's lifecycle and tells listeners the account's state. */
  apply(account: AccountRecord, target: AccountTarget, event: LifecycleEvent): TargetLifecycle {
    const key = targetKey(account.id, target.id);
    const next = nextLifecycle(this.#lifecycles.get(key) ?? SIGNED_OUT, event);
    this.#lifecycles.set(key, next);
    this.emitState(account);
    return next;
  }

  /** Sets a target's lifecycle without telling anyone (loading at start). */
  init(account: AccountRecord, target: AccountTarget, event: LifecycleEvent): void {
    const key = targetKey(account.id, target.id);
    this.#lifecycles.set(key, nextLifecycle(this.#lifecycles.get(key) ?? SIGNED_OUT, event));
  }

  /** Forgets the lifecycle of targets that no longer exist. */
  forget(accountId: string, targetId: string): void {
    this.#lifecycles.delete(targetKey(accountId, targetId));
  }

  isSigningIn(accountId: string): boolean {
    return this.#signingIn.has(accountId);
  }

  setSigningIn(account: AccountRecord, signingIn: boolean): void {
    if (signingIn) this.#signingIn.add(account.id);
    else this.#signingIn.delete(account.id);
    this.emitState(account);
  }

  /** The state of one target now, from its lifecycle, its token and the clock. */
  targetState(account: AccountRecord, target: AccountTarget): AccountState {
    if (this.#signingIn.has(account.id)) return 'signing-in';
    const { store, settings } = this.#ctx;
    const token = store.cached(account.id, target.id);
    let freshness: 'none' | 'expired' | 'expiring' | 'fresh' = 'none';
    if (token) {
      const remaining = store.remainingMs(token);
      if (remaining <= 0) freshness = 'expired';
      else
        freshness = isExpiring({ expiresOn: remaining, expiresIn: token.expiresIn }, settings, 0)
          ? 'expiring'
          : 'fresh';
    }
    return displayState(this.get(account.id, target.id), freshness);
  }

  /** The account's state: the most urgent among its targets. */
  accountState(account: AccountRecord): AccountState {
    if (this.#signingIn.has(account.id)) return 'signing-in';
    const states = new Set(account.targets.map((t) => this.targetState(account, t)));
    return SEVERITY.find((s) => states.has(s)) ?? 'signed-out';
  }

  /** Tells listeners the account's state (not for removed accounts). */
  emitState(account: AccountRecord): void {
    if (this.#ctx.accounts.get(account.id) !== account) return;
    this.#ctx.events.emit({
      type: 'state-changed',
      accountId: account.id,
      state: this.accountState(account),
    });
  }
}
