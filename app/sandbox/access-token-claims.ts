import type { JwtAccessTokenSource, JwtStructure } from 'oidc-provider';

import type { ClientRegistry } from './clients';
import type { UserDirectory } from './users';

/**
 * Builds oidc-provider's `formats.customizers.jwt`: adds Entra-style claims to every JWT access
 * token (RFC 9068 §2.2 already gives iss, sub, aud, exp, iat, jti, client_id, scope):
 * `scp` (the space-separated scopes, as Entra), `azp`, `tid`, `oid` (the user's, or the app's for
 * app-only tokens), `idtyp`, `preferred_username` for user tokens, and `roles` on
 * client-credentials tokens (RFC 9068 §2.2.3.1 lets roles ride in access tokens).
 */
export function createAccessTokenCustomizer(
  tenantId: string,
  users: UserDirectory,
  registry: ClientRegistry,
): (ctx: unknown, token: JwtAccessTokenSource, jwt: JwtStructure) => void {
  return (_ctx, token, jwt) => {
    const { payload } = jwt;
    if (typeof token.scope === 'string' && token.scope) payload.scp = token.scope;
    payload.azp = token.clientId;
    payload.tid = tenantId;
    const user = token.accountId ? users.bySub(token.accountId) : undefined;
    if (user) {
      payload.oid = user.oid;
      payload.preferred_username = user.username;
      payload.idtyp = 'user';
    } else {
      payload.oid = registry.appObjectIds.get(token.clientId);
      payload.idtyp = 'app';
    }
    if (token.kind === 'ClientCredentials') {
      payload.roles = registry.appRoles.get(token.clientId) ?? [];
    }
  };
}
