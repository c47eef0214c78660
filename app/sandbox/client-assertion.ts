import { createHash } from 'node:crypto';
import type { Client, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';

import type { ClientRegistry } from './clients';
import { invalidClient } from './oauth-errors';

/**
 * oidc-provider's `assertJwtClientAuthClaimsAndHeader` hook, called after a `private_key_jwt`
 * assertion's signature, `exp`, `iss`, `sub` and `aud` were verified (RFC 7523 §3; oidc-provider
 * takes as `aud` the issuer, the token endpoint or the endpoint called). For certificate clients
 * it insists, as Entra does, that the JWS header names the registered certificate by `x5t`
 * (SHA-1, RFC 7515 §4.1.7) or `x5t#S256` (RFC 7515 §4.1.8); every thumbprint present must match,
 * and so must the first certificate of an `x5c` chain (RFC 7515 §4.1.6). Clients in
 * `tokenEndpointAudienceOnly` take only the token endpoint as `aud`, as independent providers and
 * Entra do. Otherwise 401 `invalid_client` saying what is missing or wrong.
 */
export function createCertificateThumbprintCheck(
  registry: ClientRegistry,
): (
  ctx: KoaContextWithOIDC,
  claims: UnknownObject,
  header: UnknownObject,
  client: Client,
) => Promise<void> {
  return async (ctx, claims, header, client) => {
    if (registry.tokenEndpointAudienceOnly.has(client.clientId)) {
      const tokenEndpoint = ctx.oidc.urlFor('token');
      const audiences: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.includes(tokenEndpoint)) {
        throw invalidClient(
          `client assertion audience (aud) must be the token endpoint ${tokenEndpoint}`,
        );
      }
    }
    const expected = registry.certificateThumbprints.get(client.clientId);
    if (!expected) return;
    const { x5t, 'x5t#S256': x5tS256, x5c } = header;
    if (x5t === undefined && x5tS256 === undefined) {
      throw invalidClient(
        'client assertion JWS header has no certificate thumbprint: add x5t (base64url SHA-1 of ' +
          'the certificate) or x5t#S256',
      );
    }
    if (x5t !== undefined && x5t !== expected.x5t) {
      throw invalidClient('client assertion x5t does not match the registered certificate');
    }
    if (x5tS256 !== undefined && x5tS256 !== expected.x5tS256) {
      throw invalidClient('client assertion x5t#S256 does not match the registered certificate');
    }
    if (x5c !== undefined && !chainStartsWith(x5c, expected.x5tS256)) {
      throw invalidClient(
        'client assertion x5c must be a list of base64 DER certificates starting with the ' +
          'registered certificate',
      );
    }
  };
}

function chainStartsWith(x5c: unknown, x5tS256: string): boolean {
  if (!Array.isArray(x5c) || x5c.length === 0) return false;
  if (!x5c.every((entry) => typeof entry === 'string' && /^[A-Za-z0-9+/]+=*$/.test(entry)))
    return false;
  const leaf = Buffer.from(x5c[0] as string, 'base64');
  return createHash('sha256').update(leaf).digest('base64url') === x5tS256;
}
