import type { AccountState, FlowKind } from '../../../app/contract/accounts';
import type { Target } from '../../../app/contract/tokens';

export const STATE_LABELS: Record<AccountState, string> = {
  'signed-out': 'Signed out',
  'signing-in': 'Signing in',
  valid: 'Valid',
  expiring: 'Expiring',
  refreshing: 'Refreshing',
  retrying: 'Retrying',
  offline: 'Offline',
  'needs-sign-in': 'Needs sign-in',
  error: 'Error',
  'storage-locked': 'Storage locked',
};

export const FLOW_LABELS: Record<FlowKind, string> = {
  authorization_code: 'Browser sign-in (authorization code)',
  device_code: 'Device code',
  password: 'Username and password',
  client_credentials: 'App only (client credentials)',
  on_behalf_of: 'On behalf of another token',
};

/** "api://x · api.read" / "openid profile": what a target asks for. */
export function describeTarget(target: Target): string {
  if (target.kind === 'scopes') return target.scopes.join(' ') || '(no scopes)';
  return target.scopes?.length
    ? `${target.resource} · ${target.scopes.join(' ')}`
    : target.resource;
}
