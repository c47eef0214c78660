import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

import { issueResourceAccessToken, OIDC_SCOPES, param, requestClient } from './issue-tokens';
import { invalidGrant, invalidRequest } from './oauth-errors';
import type { ResourceCatalog } from './resources';
import type { UserDirectory } from './users';

export const PASSWORD_GRANT_PARAMS = ['username', 'password', 'scope', 'resource'];

/**
 * The resource owner password credentials grant (RFC 6749 §4.3; RFC 9700 §2.4 says it must not
 * be used: the sandbox has it for legacy tenants). Only clients registered with the `password`
 * grant get here (oidc-provider checks). Records a real Grant, so its refresh token works with
 * oidc-provider's own `refresh_token` grant, rotation and revocation included. The target is
 * `resource` or else inferred from the scope names (`ResourceCatalog.defaultFor`); an ID token
 * comes with `openid`, a refresh token with `offline_access`. A wrong user name or password is
 * `invalid_grant` (RFC 6749 §5.2).
 */
export function createPasswordGrant(
  provider: Provider,
  users: UserDirectory,
  catalog: ResourceCatalog,
  options: { subjectOnlyIdTokens?: boolean } = {},
): (ctx: KoaContextWithOIDC) => Promise<void> {
  return async (ctx) => {
    const client = requestClient(ctx);
    const username = param(ctx, 'username');
    const password = param(ctx, 'password');
    if (!username || !password) throw invalidRequest('username and password are required');
    const user = users.authenticate(username, password);
    if (!user) throw invalidGrant('wrong username or password');

    const requested = [...new Set(param(ctx, 'scope').split(' ').filter(Boolean))];
    const resource = param(ctx, 'resource') || catalog.defaultFor(requested);
    const available = new Set(catalog.serverInfo(resource).scope.split(' '));
    const resourceScopes = requested.filter((scope) => available.has(scope));
    const oidcScopes = requested.filter((scope) => OIDC_SCOPES.has(scope));

    const grant = new provider.Grant({ accountId: user.sub, clientId: client.clientId });
    if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
    if (resourceScopes.length) grant.addResourceScope(resource, resourceScopes.join(' '));
    const grantId = await grant.save();
    ctx.oidc.entity('Grant', grant);

    const common = { client, accountId: user.sub, gty: 'password', grantId };
    // A sandbox of ID tokens with `sub` alone answers OpenID scopes alone (no resource) as
    // generic providers do: with an access token for its userinfo endpoint.
    const forUserInfo =
      options.subjectOnlyIdTokens === true &&
      !param(ctx, 'resource') &&
      requested.every((scope) => OIDC_SCOPES.has(scope));
    const { value: accessToken, token } = forUserInfo
      ? await issueUserInfoAccessToken(provider, ctx, { ...common, scope: oidcScopes.join(' ') })
      : await issueResourceAccessToken(provider, ctx, catalog, {
          ...common,
          resource,
          scopes: resourceScopes,
        });

    let refreshToken: string | undefined;
    if (oidcScopes.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
      const refresh = new provider.RefreshToken({
        ...common,
        scope: [...oidcScopes, ...resourceScopes].join(' '),
        ...(forUserInfo ? {} : { resource }),
        rotations: 0,
        expiresWithSession: false,
      });
      ctx.oidc.entity('RefreshToken', refresh);
      refreshToken = await refresh.save();
    }

    let idToken: string | undefined;
    if (oidcScopes.includes('openid')) {
      const account = options.subjectOnlyIdTokens ? undefined : users.account(user.sub);
      const claims = account ? await account.claims('id_token', oidcScopes.join(' '), {}, []) : {};
      const token = new provider.IdToken({ ...claims, sub: user.sub }, { ctx });
      token.scope = grant.getOIDCScopeFiltered(new Set(oidcScopes));
      token.mask = {};
      token.rejected = [];
      idToken = await token.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessToken,
      token_type: token.tokenType,
      expires_in: token.expiration,
      ...(token.scope ? { scope: token.scope } : {}),
      ...(idToken ? { id_token: idToken } : {}),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  };
}

/** An access token for the userinfo endpoint (no resource server): OpenID scopes only. */
async function issueUserInfoAccessToken(
  provider: Provider,
  ctx: KoaContextWithOIDC,
  request: {
    client: ReturnType<typeof requestClient>;
    accountId: string;
    gty: string;
    grantId: string;
    scope: string;
  },
) {
  const token = new provider.AccessToken(request);
  ctx.oidc.entity('AccessToken', token);
  return { value: await token.save(), token };
}
