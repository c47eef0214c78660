import { signInDeadline } from '../contract/sign-in-deadline';
import type { AccountRecord } from '../accounts/types';
import type { AccountView } from '../contract/accounts';
import { monoNow, type EngineContext } from './context';
import { targetKey } from './token-store';

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
    ...(account.clientCapabilities?.length
      ? { clientCapabilities: [...account.clientCapabilities] }
      : {}),
    ...(account.claimsChallenge ? { claimsChallenge: { ...account.claimsChallenge } } : {}),
    state: ctx.states.accountState(account),
    hasRefreshToken: ctx.store.hasRefreshToken(account),
    ...signInTimes(ctx, account),
    targets: account.targets.map((target) => {
      const key = targetKey(account.id, target.id);
      const token = ctx.store.cached(account.id, target.id);
      const lifecycle = ctx.states.get(account.id, target.id);
      // Deadlines are monotonic; people see wall-clock times.
      const toWall = (mono: number) => ctx.deps.clock.now() + (mono - monoNow(ctx));
      const scheduled = nextRefreshOn(key);
      const next =
        lifecycle.phase === 'retrying'
          ? lifecycle.retryOn
          : scheduled !== undefined
            ? toWall(scheduled)
            : undefined;
      const lastRefreshOn = 'lastRefreshOn' in lifecycle ? lifecycle.lastRefreshOn : undefined;
      const lastError = 'error' in lifecycle ? lifecycle.error : undefined;
      return {
        id: target.id,
        label: target.label,
        target: target.target,
        ...(target.curlUrl ? { curlUrl: target.curlUrl } : {}),
        state: ctx.states.targetState(account, target),
        ...(token
          ? {
              expiresOn: ctx.store.shownExpiry(token),
              expiresIn: token.expiresIn,
              acquiredOn: token.acquiredOn,
              ...(token.extExpiresAtMono !== undefined
                ? { extExpiresOn: ctx.store.shownExtExpiry(token)! }
                : {}),
              scope: token.scope,
            }
          : {}),
        ...(lastRefreshOn ? { lastRefreshOn } : {}),
        ...(next !== undefined ? { nextRefreshOn: next } : {}),
        ...(lastError ? { lastError } : {}),
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

/** When a sign-in will be needed and when the last one was, as far as the account's record knows. */
function signInTimes(
  ctx: EngineContext,
  account: AccountRecord,
): Pick<AccountView, 'signInNeededBy' | 'lastSignInOn'> {
  const life = account.refreshTokenLife;
  const deadline = ctx.store.hasRefreshToken(account)
    ? signInDeadline(life, { entra: account.authority.kind === 'entra' })
    : undefined;
  return {
    ...(deadline ? { signInNeededBy: deadline } : {}),
    ...(life?.lastSignInOn !== undefined ? { lastSignInOn: life.lastSignInOn } : {}),
  };
}
