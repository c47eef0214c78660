import type { ActivityKind } from '../../../app/contract/events';

/** What each kind of activity is called on screen. */
export const KIND_LABELS: Record<ActivityKind, string> = {
  'account-added': 'Account added',
  'account-changed': 'Account changed',
  'account-removed': 'Account removed',
  'signed-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-in-cancelled': 'Sign-in cancelled',
  refreshed: 'Refreshed',
  'refresh-failed': 'Refresh failed',
  'needs-sign-in': 'Needs sign-in',
  revoked: 'Revoked',
  'revoke-failed': 'Revoke failed',
  copied: 'Copied',
  storage: 'Storage',
  'local-access': 'Command line',
  'sign-in-due': 'Sign-in due',
};

const FAILURES = new Set<ActivityKind>([
  'sign-in-failed',
  'refresh-failed',
  'revoke-failed',
  'needs-sign-in',
]);

/** Failures in red; everything else (a cancelled sign-in too) neutral. */
export function kindTone(kind: ActivityKind): 'failure' | 'neutral' {
  return FAILURES.has(kind) ? 'failure' : 'neutral';
}
