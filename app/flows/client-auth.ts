import * as oidc from 'openid-client';
import type { Clock } from '../ports';
import { prepareCertificate, type CertificateCredential } from './certificate';

/** How a client proves who it is at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2). */
export type ClientCredential =
  | { kind: 'none' }
  | { kind: 'secret'; secret: string; method?: 'client_secret_basic' | 'client_secret_post' }
  | ({ kind: 'certificate' } & CertificateCredential);

/** A client as registered at the provider. */
export interface ClientRegistration {
  clientId: string;
  credential: ClientCredential;
}

/** Lifetime of a client assertion: long enough for a slow network, short enough to be useless if leaked. */
const ASSERTION_LIFETIME_SECONDS = 120;

/**
 * Builds openid-client's client authentication for a credential. Certificate assertions carry the
 * thumbprint header Entra ID insists on (`x5t` for RS256, `x5t#S256` for PS256) and take their
 * `iat`/`nbf`/`exp` from `clock`, read anew for every assertion: `connect` passes the provider's
 * clock (the local clock plus the offset learned from the provider's `Date`, see
 * `provider-clock.ts`), because the provider checks them against its own (RFC 7523 §3).
 */
export async function buildClientAuth(
  credential: ClientCredential,
  clock: Clock,
): Promise<oidc.ClientAuth> {
  switch (credential.kind) {
    case 'none':
      return oidc.None();
    case 'secret':
      return credential.method === 'client_secret_post'
        ? oidc.ClientSecretPost(credential.secret)
        : oidc.ClientSecretBasic(credential.secret);
    case 'certificate': {
      const prepared = await prepareCertificate(credential);
      return oidc.PrivateKeyJwt(prepared.key, {
        [oidc.modifyAssertion]: (header, payload) => {
          Object.assign(header, prepared.header);
          const now = Math.floor(clock.now() / 1000);
          payload.iat = now;
          payload.nbf = now;
          payload.exp = now + ASSERTION_LIFETIME_SECONDS;
        },
      });
    }
  }
}
