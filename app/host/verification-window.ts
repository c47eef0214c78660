import type { AccountState } from '../contract/accounts';
import type { EngineEvent } from '../contract/events';

/**
 * Whether a device code verification window opened for `accountId` should close itself: its
 * account's sign-in is over (signed in, failed, cancelled) or the account is gone.
 * `stateNow` is the account's state when the event arrives (undefined when removed).
 */
export function verificationFlowEnded(
  event: EngineEvent,
  accountId: string,
  stateNow: AccountState | undefined,
): boolean {
  if (!('accountId' in event) || event.accountId !== accountId) return false;
  if (event.type === 'account-removed' || stateNow === undefined) return true;
  if (event.type === 'state-changed') return event.state !== 'signing-in';
  if (event.type === 'account-changed') return stateNow !== 'signing-in';
  return false;
}
