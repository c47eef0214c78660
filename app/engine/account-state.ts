import type { AccountRecord, AccountTarget } from '../accounts/types';
import { isExpiring } from '../refresh/policy';
import { targetKey, type EngineContext } from './context';
import type { AccountState } from './events';

/** The state of one target, from its token, its status and the clock. */
export function targetState(
  ctx: EngineContext,
  account: AccountRecord,
  target: AccountTarget,
): AccountState {
  const key = targetKey(account.id, target.id);
  const status = ctx.statuses.get(key);
  if (ctx.signingIn.has(account.id)) return 'signing-in';
  if (status?.needsSignIn) return 'needs-sign-in';
  if (status?.refreshing) return 'refreshing';
  const token = ctx.tokens.get(key);
  const now = ctx.deps.clock.now();
  if (!token) {
    if (status?.lastError) return 'error';
    return target.token ? 'needs-sign-in' : 'signed-out';
  }
  if (token.expiresOn <= now) return status?.lastError ? 'error' : 'expiring';
  if (status?.stuck) return 'error';
  // Warned: no refresh token, so it will expire; show it from the warning on.
  if (status?.warnedExpiring) return 'expiring';
  return isExpiring(token, ctx.settings, now) ? 'expiring' : 'valid';
}

/** Worst first: what the account as a whole shows. */
const SEVERITY: AccountState[] = [
  'needs-sign-in',
  'error',
  'signing-in',
  'refreshing',
  'expiring',
  'valid',
  'signed-out',
];

/** The account's state: the most urgent state among its targets. */
export function accountState(ctx: EngineContext, account: AccountRecord): AccountState {
  if (ctx.signingIn.has(account.id)) return 'signing-in';
  const states = new Set(account.targets.map((t) => targetState(ctx, account, t)));
  return SEVERITY.find((s) => states.has(s)) ?? 'signed-out';
}
