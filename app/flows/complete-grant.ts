import * as oidc from 'openid-client';
import { toTokenDockError, toTokenDockErrorWithBody } from '../errors/translate';
import { withSecretMethodHint } from './client-auth';
import type { Connection } from './connect';
import { isSkew } from './provider-clock';
import type { TargetParameters } from './target';
import { toTokenSet, type TokenSet } from './token-set';

/**
 * Runs one token request and normalises its response. Whatever fails (the provider's error, a
 * malformed body, the network) comes out as a `TokenDockError`; nothing half-made comes out.
 * Every grant's token request comes through here, so here a certificate client refused for its
 * clock is retried once with the provider's time (see `requestCorrectingSkew`).
 */
export async function completeGrant(
  connection: Connection,
  requested: TargetParameters,
  label: string,
  request: () => Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>,
): Promise<TokenSet> {
  let response;
  try {
    // Entra multi-tenant metadata: the ID token's tenant decides the issuer (entra-tenant-issuer.ts).
    const tenantIssuer = connection.tenantIssuer;
    response = await requestCorrectingSkew(
      connection,
      label,
      tenantIssuer ? () => tenantIssuer.run(request) : request,
    );
  } catch (error) {
    // The body of a challenge or a 5xx is still unread: the provider's error may be in it.
    throw withSecretMethodHint(
      await toTokenDockErrorWithBody(error, label),
      connection.lastSecretAttempt(),
    );
  }
  return toTokenSet(response, {
    clock: connection.clock,
    requested,
    issuer: connection.config.serverMetadata().issuer,
  });
}

/**
 * Runs `request`, and once more when the provider refused a certificate client's assertion with
 * `invalid_client` while the refusal's `Date` (RFC 9110 §6.6.1) shows a clock offset that differs
 * by real skew from the one the assertion was stamped with: its `iat`/`nbf`/`exp` were likely outside
 * what the provider accepts (RFC 7523 §3). The offset is learned first, so the second request
 * carries a fresh assertion in the provider's time. Only once: a second refusal is final.
 */
async function requestCorrectingSkew<T>(
  connection: Connection,
  label: string,
  request: () => Promise<T>,
): Promise<T> {
  const applied = connection.providerClock.offsetMs;
  try {
    return await request();
  } catch (error) {
    if (connection.credentialKind !== 'certificate') throw error;
    if (toTokenDockError(error, label).code !== 'invalid_client') throw error;
    const headers = refusalHeaders(error);
    const observed = headers && connection.providerClock.observe(headers);
    if (observed === undefined || !isSkew(observed - applied)) throw error;
    return await request();
  }
}

/** The headers of the provider's error response behind an openid-client error, if it had one. */
function refusalHeaders(error: unknown): Headers | undefined {
  if (
    error instanceof oidc.ResponseBodyError ||
    error instanceof oidc.WWWAuthenticateChallengeError
  )
    return error.response.headers;
  return undefined;
}
