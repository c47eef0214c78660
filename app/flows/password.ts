import * as oidc from 'openid-client';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { asParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

/** The warning every surface of this flow shows. */
export const PASSWORD_FLOW_WARNING =
  'The password grant sends your password to the app. RFC 9700 (OAuth 2.0 Security BCP) says it must not be used; it fails for accounts with MFA. Use it only with test tenants.';

/**
 * The resource owner password credentials grant (RFC 6749 §4.3), for legacy and test tenants.
 * The password is used for this one request and never kept.
 */
export async function signInWithPassword(
  connection: Connection,
  request: { target: Target; username: string; password: string },
): Promise<TokenSet> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: true });
  return completeGrant(connection, target, 'Password sign-in', () =>
    oidc.genericGrantRequest(connection.config, 'password', {
      ...asParameters(target),
      username: request.username,
      password: request.password,
    }),
  );
}
