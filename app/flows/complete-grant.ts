import type * as oidc from 'openid-client';
import { toTokenDockError } from '../errors/translate';
import type { Connection } from './connect';
import type { TargetParameters } from './target';
import { toTokenSet, type TokenSet } from './token-set';

/**
 * Runs one token request and normalises its response. Whatever fails (the provider's error, a
 * malformed body, the network) comes out as a `TokenDockError`; nothing half-made comes out.
 */
export async function completeGrant(
  connection: Connection,
  requested: TargetParameters,
  label: string,
  request: () => Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>,
): Promise<TokenSet> {
  let response;
  try {
    response = await request();
  } catch (error) {
    throw toTokenDockError(error, label);
  }
  return toTokenSet(response, {
    clock: connection.clock,
    requested,
    issuer: connection.config.serverMetadata().issuer,
  });
}
