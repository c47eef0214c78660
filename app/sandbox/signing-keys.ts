import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, createLocalJWKSet } from 'jose';
import type { JWK } from 'jose';
import type { SandboxJwk } from 'oidc-provider';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface ProviderSigningKeys {
  /** Private JWKS for oidc-provider's `jwks` configuration. */
  privateJwks: { keys: SandboxJwk[] };
  /** Verifies tokens this provider signed (used to check on-behalf-of assertions). */
  verificationKeys: ReturnType<typeof createLocalJWKSet>;
}

/**
 * A fresh RS256 signing key for one sandbox start, `kid` = its RFC 7638 thumbprint.
 * Nothing is persisted: tokens from an earlier start never verify.
 */
export async function createSigningKeys(): Promise<ProviderSigningKeys> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    privateJwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }],
    },
    verificationKeys: createLocalJWKSet({
      keys: [{ ...publicJwk, kid, use: 'sig', alg: 'RS256' }],
    }),
  };
}
