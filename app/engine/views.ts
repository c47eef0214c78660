import type { AccountRecord } from '../accounts/types';
import type { AccountView } from '../contract/accounts';
import { accountState, targetState } from './account-state';
import { targetKey, type EngineContext } from './context';

export type { AccountView, TargetView } from '../contract/accounts';

/** The view of an account, computed from the engine's state now. */
export function accountView(
  ctx: EngineContext,
  account: AccountRecord,
  nextRefreshOn: (key: string) => number | undefined,
): AccountView {
  return {
    id: account.id,
    name: account.name,
    flow: account.flow,
    authorityLabel: authorityLabel(account),
    authority: account.authority,
    clientId: account.clientId,
    clientAuth: account.clientAuth,
    signInMode: account.signInMode,
    ...(account.redirectUri ? { redirectUri: account.redirectUri } : {}),
    ...(account.assertionFrom ? { assertionFrom: account.assertionFrom } : {}),
    ...(account.username ? { username: account.username } : {}),
    ...(account.identity ? { identity: account.identity } : {}),
    state: accountState(ctx, account),
    hasRefreshToken: ctx.refreshTokens.has(account.id),
    targets: account.targets.map((target) => {
      const key = targetKey(account.id, target.id);
      const token = ctx.tokens.get(key);
      const status = ctx.statuses.get(key);
      const next = status?.retryAt ?? nextRefreshOn(key);
      return {
        id: target.id,
        label: target.label,
        target: target.target,
        ...(target.curlUrl ? { curlUrl: target.curlUrl } : {}),
        state: targetState(ctx, account, target),
        ...(token
          ? {
              expiresOn: token.expiresOn,
              expiresIn: token.expiresIn,
              acquiredOn: token.acquiredOn,
              scope: token.scope,
            }
          : {}),
        ...(status?.lastRefreshOn ? { lastRefreshOn: status.lastRefreshOn } : {}),
        ...(next !== undefined ? { nextRefreshOn: next } : {}),
        ...(status?.lastError ? { lastError: status.lastError } : {}),
      };
    }),
  };
}

function authorityLabel(account: AccountRecord): string {
  const authority = account.authority;
  switch (authority.kind) {
    case 'sandbox':
      return 'TokenDock sandbox';
    case 'entra':
      return `Microsoft Entra ID · ${authority.tenant}`;
    case 'oidc':
      try {
        return new URL(authority.issuer).host;
      } catch {
        return authority.issuer;
      }
  }
}
