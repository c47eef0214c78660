import * as oidc from 'openid-client';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { asParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

/**
 * The client credentials grant (RFC 6749 §4.4): an app signs in as itself, with the secret or
 * certificate its connection carries. There is no refresh token; re-acquire instead.
 */
export async function acquireWithClientCredentials(
  connection: Connection,
  request: { target: Target },
): Promise<TokenSet> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: false });
  return completeGrant(connection, target, 'Client credentials', () =>
    oidc.clientCredentialsGrant(connection.config, asParameters(target)),
  );
}
