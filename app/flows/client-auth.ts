import * as oidc from 'openid-client';
import type { SecretMethod, SecretMethodChoice } from '../contract/accounts';
import type { ErrorInfo } from '../contract/errors';
import { TokenDockError } from '../errors/tokendock-error';
import type { Clock } from '../ports';
import { prepareCertificate, type CertificateCredential } from './certificate';
import { describeHttpAnswer } from '../errors/translate';

/** How a client proves who it is at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2). */
export type ClientCredential =
  | { kind: 'none' }
  | {
      kind: 'secret';
      secret: string;
      /** Default `client_secret_basic` (what stored accounts without a choice had). */
      method?: SecretMethodChoice;
    }
  | ({ kind: 'certificate' } & CertificateCredential);

/** A client as registered at the provider. */
export interface ClientRegistration {
  clientId: string;
  credential: ClientCredential;
}

/**
 * What the last request with a client secret did, for explaining a refusal: the method used and
 * whether the form encoding of `client_secret_basic` changed the client id or the secret. The
 * secret itself is not kept.
 */
export interface SecretAttempt {
  method: SecretMethod;
  /** The client id or the secret is not what goes on the wire once form-encoded. */
  encodingChangesCredentials: boolean;
}

/** openid-client's client authentication plus what its last secret request did. */
export interface BuiltClientAuth {
  auth: oidc.ClientAuth;
  /** The last request's secret method (`undefined` before any, or for non-secret clients). */
  lastSecretAttempt: () => SecretAttempt | undefined;
}

/** Lifetime of a client assertion: long enough for a slow network, short enough to be useless if leaked. */
const ASSERTION_LIFETIME_SECONDS = 120;

/**
 * The secret method for `automatic`: the first of `client_secret_basic` / `client_secret_post` in
 * the provider's `token_endpoint_auth_methods_supported` (OpenID Connect Discovery §3, in the
 * provider's order); when the list is absent or empty, `client_secret_basic`, its default
 * (RFC 8414 §2). A list naming neither gets basic too: it is what every server must support
 * (RFC 6749 §2.3.1), and the provider's refusal then says what is wrong.
 */
export function chooseSecretMethod(supported: unknown): SecretMethod {
  if (!Array.isArray(supported)) return 'client_secret_basic';
  for (const method of supported) {
    if (method === 'client_secret_basic' || method === 'client_secret_post') return method;
  }
  return 'client_secret_basic';
}

/**
 * Whether openid-client's `client_secret_basic` changes `value` before putting it in the
 * `Authorization` header. It form-encodes the client id and the secret (RFC 6749 §2.3.1) and
 * leaves only ASCII letters and digits alone: it encodes even `-`, `_`, `.`, `~`, `*`, `!`, `'`,
 * `(`, `)` (as `%2D` …), and a space as `+` (oauth4webapi's `formUrlEncode`). Providers that do
 * not decode the header then see another id or secret.
 */
export function formEncodingChanges(value: string): boolean {
  return /[^A-Za-z0-9]/.test(value);
}

/** The hint for a refused `client_secret_basic` whose credentials the form encoding changed. */
export const TRY_SECRET_POST_HINT =
  'The client id or secret contains characters that client_secret_basic form-encodes ' +
  '(RFC 6749 §2.3.1; anything but letters and digits), and some providers do not decode them. ' +
  'Try sending the secret in the request body (client_secret_post).';

/**
 * The hint for a failed token request, when the failure is a refused `client_secret_basic`
 * (`invalid_client`, or HTTP 401/403) and the form encoding changed the id or the secret; else
 * `undefined` (keep the hint the error has). Decided by error code and status, not by message.
 */
export function secretMethodHint(
  failure: Pick<ErrorInfo, 'code' | 'httpStatus' | 'providerError'>,
  attempt: SecretAttempt | undefined,
): string | undefined {
  if (attempt?.method !== 'client_secret_basic' || !attempt.encodingChangesCredentials) return;
  const refused =
    failure.code === 'invalid_client' ||
    failure.providerError === 'invalid_client' ||
    failure.httpStatus === 401 ||
    failure.httpStatus === 403;
  return refused ? TRY_SECRET_POST_HINT : undefined;
}

/**
 * `error` with the {@link secretMethodHint} in place of its hint when that applies, else `error`
 * itself: for the one place a token request's failure becomes a `TokenDockError`.
 */
export function withSecretMethodHint(
  error: TokenDockError,
  attempt: SecretAttempt | undefined,
): TokenDockError {
  // A web page in the way (proxy, firewall, captive portal) keeps its own hint, and so does a
  // refusal that says exactly why (Entra's AADSTS codes: Entra decodes form-encoded credentials).
  if (describeHttpAnswer(error.cause)?.kind === 'html') return error;
  if (error.errorCodes?.length) return error;
  const hint = secretMethodHint(error, attempt);
  if (hint === undefined) return error;
  return new TokenDockError({ ...error.toInfo(), hint }, { cause: error.cause });
}

/**
 * Builds openid-client's client authentication for a credential.
 *
 * Secrets: `client_secret_basic`, `client_secret_post`, or `automatic`, chosen at each request
 * from the metadata of the provider it goes to ({@link chooseSecretMethod}).
 *
 * Certificates (`private_key_jwt`, RFC 7523 §2.2): the assertion's `aud` is the provider's token
 * endpoint (OpenID Connect Core §9; what Microsoft's documentation, MSAL and ADAL send, and the
 * only value some providers accept; for Entra v1 and the `{tenantid}` issuers of `common` /
 * `organizations` the issuer would be wrong), or the issuer when the account asks for it.
 * oauth4webapi puts the issuer there, and its `modifyAssertion` hook does not see the metadata,
 * so each request gets its own `PrivateKeyJwt` with the audience of the provider it goes to.
 * Assertions carry the thumbprint header Entra ID insists on (`x5t` for RS256, `x5t#S256` for
 * PS256), optionally the chain (`x5c`), and take their `iat`/`nbf`/`exp` from `clock`, read anew
 * for every assertion: `connect` passes the provider's clock (the local clock plus the offset
 * learned from the provider's `Date`, see `provider-clock.ts`), because the provider checks them
 * against its own (RFC 7523 §3).
 */
export async function createClientAuth(
  credential: ClientCredential,
  clock: Clock,
): Promise<BuiltClientAuth> {
  let last: SecretAttempt | undefined;
  const lastSecretAttempt = () => last;
  switch (credential.kind) {
    case 'none':
      return { auth: oidc.None(), lastSecretAttempt };
    case 'secret': {
      const basic = oidc.ClientSecretBasic(credential.secret);
      const post = oidc.ClientSecretPost(credential.secret);
      const choice = credential.method ?? 'client_secret_basic';
      const auth: oidc.ClientAuth = (as, client, body, headers) => {
        const method =
          choice === 'automatic'
            ? chooseSecretMethod(as.token_endpoint_auth_methods_supported)
            : choice;
        last = {
          method,
          encodingChangesCredentials:
            formEncodingChanges(client.client_id) || formEncodingChanges(credential.secret),
        };
        return (method === 'client_secret_post' ? post : basic)(as, client, body, headers);
      };
      return { auth, lastSecretAttempt };
    }
    case 'certificate': {
      const prepared = await prepareCertificate(credential);
      const useIssuer = credential.audience === 'issuer';
      const auth: oidc.ClientAuth = (as, client, body, headers) => {
        const audience = useIssuer ? as.issuer : (as.token_endpoint ?? as.issuer);
        const privateKeyJwt = oidc.PrivateKeyJwt(prepared.key, {
          [oidc.modifyAssertion]: (header, payload) => {
            Object.assign(header, prepared.header);
            const now = Math.floor(clock.now() / 1000);
            payload.aud = audience;
            payload.iat = now;
            payload.nbf = now;
            payload.exp = now + ASSERTION_LIFETIME_SECONDS;
          },
        });
        return privateKeyJwt(as, client, body, headers);
      };
      return { auth, lastSecretAttempt };
    }
  }
}

/** {@link createClientAuth} without the record of secret attempts. */
export async function buildClientAuth(
  credential: ClientCredential,
  clock: Clock,
): Promise<oidc.ClientAuth> {
  return (await createClientAuth(credential, clock)).auth;
}
