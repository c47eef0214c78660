import type { Client, UnknownObject } from 'oidc-provider';

import type { ClientRegistry } from './clients';
import { invalidClient } from './oauth-errors';

/**
 * oidc-provider's `assertJwtClientAuthClaimsAndHeader` hook, called after a `private_key_jwt`
 * assertion's signature, `exp`, `iss`, `sub` and `aud` were verified (RFC 7523 §3). For
 * certificate clients it insists, as Entra does, that the JWS header names the registered
 * certificate by `x5t` (SHA-1, RFC 7515 §4.1.7) or `x5t#S256` (RFC 7515 §4.1.8); every thumbprint
 * present must match. Otherwise 401 `invalid_client` saying what is missing or wrong.
 */
export function createCertificateThumbprintCheck(
  registry: ClientRegistry,
): (ctx: unknown, claims: UnknownObject, header: UnknownObject, client: Client) => Promise<void> {
  return async (_ctx, _claims, header, client) => {
    const expected = registry.certificateThumbprints.get(client.clientId);
    if (!expected) return;
    const { x5t, 'x5t#S256': x5tS256 } = header;
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
  };
}
