import * as oidc from 'openid-client';
import { withEntraV1Shims } from '../authority/entra-v1-shims';
import type { AuthorityProfile } from '../authority/profiles';
import { resolveAuthority, type ResolvedAuthority } from '../authority/resolve-authority';
import { toTokenDockError } from '../errors/translate';
import { TokenDockError } from '../errors/tokendock-error';
import { systemClock, type Clock, type Fetch } from '../ports';
import { buildClientAuth, type ClientCredential, type ClientRegistration } from './client-auth';
import { createProviderClock, type ProviderClock } from './provider-clock';

/** How the engine reaches providers. */
export interface HttpSettings {
  /** The host's fetch (Electron's `net.fetch` on the desktop, so system proxy and CAs apply). */
  fetch: Fetch;
  /** Timeout of every single request, in milliseconds. Default 30 s. */
  timeoutMs?: number;
  clock?: Clock;
}

/** A discovered provider plus one client of it: what every flow starts from. */
export interface Connection {
  config: oidc.Configuration;
  authority: ResolvedAuthority;
  clientId: string;
  /** The local clock (what `expiresOn` and other local deadlines are measured on). */
  clock: Clock;
  /**
   * The provider's clock: `clock` plus the offset learned from the `Date` of every response of
   * this provider. Client assertions take their times from it.
   */
  providerClock: ProviderClock;
  /** How the client authenticates; a `certificate` client's assertions carry times. */
  credentialKind: ClientCredential['kind'];
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Discovers a provider (OpenID Connect Discovery 1.0 §4, RFC 8414 §3) and binds a client to it.
 * All later requests go through `http.fetch` with the same timeout. Plain http is allowed for
 * loopback issuers only. Every response's `Date` teaches the connection the provider's clock
 * (see `provider-clock.ts`), so client assertions are stamped with the provider's time.
 */
export async function connect(
  profile: AuthorityProfile,
  client: ClientRegistration,
  http: HttpSettings,
): Promise<Connection> {
  const authority = resolveAuthority(profile);
  const clock = http.clock ?? systemClock;
  const providerClock = createProviderClock(clock);
  const auth = await buildClientAuth(client.credential, providerClock);
  const baseFetch =
    profile.kind === 'entra' && profile.version === 'v1'
      ? withEntraV1Shims(http.fetch, authority.discoveryUrl)
      : http.fetch;
  const customFetch: oidc.CustomFetch = async (url, options) => {
    const response = await baseFetch(url, options as RequestInit);
    providerClock.observe(response.headers);
    return response;
  };
  // openid-client reads client metadata when it builds the Configuration, after the discovery
  // response arrived: its `Date` has set the offset by then. openid-client validates ID token
  // `exp`/`nbf` on the system clock plus this skew (the engine's clock is the system clock
  // outside tests). The Configuration is frozen, so skew learned later does not reach it.
  const clientMetadata: Partial<oidc.ClientMetadata> = {
    get [oidc.clockSkew]() {
      return Math.round(providerClock.offsetMs / 1000);
    },
  };
  try {
    const config = await oidc.discovery(
      authority.discoveryUrl,
      client.clientId,
      clientMetadata,
      auth,
      {
        [oidc.customFetch]: customFetch,
        timeout: (http.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000,
        // ID token signatures are verified against the provider's JWKS (OIDC Core §3.1.3.7), not
        // only trusted because they came over TLS.
        execute: [
          oidc.enableNonRepudiationChecks,
          ...(authority.allowInsecureRequests ? [oidc.allowInsecureRequests] : []),
        ],
      },
    );
    return {
      config,
      authority,
      clientId: client.clientId,
      clock,
      providerClock,
      credentialKind: client.credential.kind,
    };
  } catch (error) {
    throw discoveryError(error, authority.discoveryUrl);
  }
}

function discoveryError(error: unknown, url: URL): TokenDockError {
  const translated = toTokenDockError(error, `Discovery at ${url.href}`);
  // Transport failures say what they are: a network blip stays transient (`network`, `timeout`)
  // and a certificate problem keeps its hint (`tls_failed`), instead of blaming the metadata.
  if (
    ['network', 'timeout', 'tls_failed', 'insecure_issuer', 'cancelled'].includes(translated.code)
  )
    return translated;
  return new TokenDockError(
    {
      code: 'discovery_failed',
      message: `No valid OpenID provider metadata at ${url.href}: ${translated.message}`,
      hint: 'Check the issuer URL: its /.well-known/openid-configuration must describe the same issuer.',
      ...(translated.httpStatus ? { httpStatus: translated.httpStatus } : {}),
    },
    { cause: error },
  );
}
