import * as oidc from 'openid-client';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { asParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

/**
 * The refresh token grant (RFC 6749 §6). With rotation (RFC 9700 §4.14.2) the result carries the
 * new refresh token, which replaces the old one; when the provider does not rotate, the old one
 * is carried over so the result is always complete.
 */
export async function refreshTokens(
  connection: Connection,
  request: {
    target: Target;
    refreshToken: string;
    /** The `claims` parameter (a pending claims challenge and client capabilities; Entra accepts it here). */
    claims?: string;
  },
): Promise<TokenSet> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: true });
  const parameters = {
    ...asParameters(target),
    ...(request.claims ? { claims: request.claims } : {}),
  };
  const tokens = await completeGrant(connection, target, 'Refresh', () =>
    oidc.refreshTokenGrant(connection.config, request.refreshToken, parameters),
  );
  return tokens.refreshToken ? tokens : { ...tokens, refreshToken: request.refreshToken };
}
