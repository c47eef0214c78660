import type { AccountView } from '../contract/accounts';
import type { EndpointAccount } from '../contract/endpoint';

/** An account as scripts see it: state and expiry, no client details, never a token. */
export function endpointAccount(view: AccountView): EndpointAccount {
  return {
    id: view.id,
    name: view.name,
    flow: view.flow,
    authorityLabel: view.authorityLabel,
    state: view.state,
    ...(view.identity?.userId ? { userId: view.identity.userId } : {}),
    ...(view.identity?.tenantId ? { tenantId: view.identity.tenantId } : {}),
    hasRefreshToken: view.hasRefreshToken,
    ...(view.signInNeededBy ? { signInNeededBy: view.signInNeededBy } : {}),
    targets: view.targets.map((target) => ({
      id: target.id,
      label: target.label,
      target: target.target,
      state: target.state,
      ...(target.expiresOn !== undefined ? { expiresOn: target.expiresOn } : {}),
      ...(target.nextRefreshOn !== undefined ? { nextRefreshOn: target.nextRefreshOn } : {}),
      ...(target.lastError
        ? { lastError: { code: target.lastError.code, message: target.lastError.message } }
        : {}),
    })),
  };
}
