import * as oidc from 'openid-client';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { asParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** Which wire protocol exchanges the incoming token. */
export type OnBehalfOfProtocol = 'entra' | 'token-exchange';

/**
 * On-behalf-of: a middle-tier API exchanges the access token it received for one to a downstream
 * API, for the same user. Entra ID uses the JWT bearer grant (RFC 7523 §2.1) with
 * `requested_token_use=on_behalf_of`; other providers use OAuth 2.0 Token Exchange (RFC 8693 §2.1).
 * The connection's client is the middle tier, with its secret or certificate.
 */
export async function acquireOnBehalfOf(
  connection: Connection,
  request: { target: Target; assertion: string; protocol?: OnBehalfOfProtocol },
): Promise<TokenSet> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: false });
  const protocol =
    request.protocol ??
    (connection.authority.profile.kind === 'entra' ? 'entra' : 'token-exchange');
  const parameters: Record<string, string> =
    protocol === 'entra'
      ? { assertion: request.assertion, requested_token_use: 'on_behalf_of' }
      : {
          subject_token: request.assertion,
          subject_token_type: ACCESS_TOKEN_TYPE,
          requested_token_type: ACCESS_TOKEN_TYPE,
        };
  return completeGrant(connection, target, 'On-behalf-of', () =>
    oidc.genericGrantRequest(
      connection.config,
      protocol === 'entra' ? JWT_BEARER : TOKEN_EXCHANGE,
      {
        ...asParameters(target),
        ...parameters,
      },
    ),
  );
}
