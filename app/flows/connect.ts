import * as oidc from 'openid-client';
import { withEntraV1Shims } from '../authority/entra-v1-shims';
import type { AuthorityProfile } from '../authority/profiles';
import { resolveAuthority, type ResolvedAuthority } from '../authority/resolve-authority';
import { toTokenDockError } from '../errors/translate';
import { TokenDockError } from '../errors/tokendock-error';
import { systemClock, type Clock, type Fetch } from '../ports';
import { buildClientAuth, type ClientRegistration } from './client-auth';

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
  clock: Clock;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Discovers a provider (OpenID Connect Discovery 1.0 §4, RFC 8414 §3) and binds a client to it.
 * All later requests go through `http.fetch` with the same timeout. Plain http is allowed for
 * loopback issuers only.
 */
export async function connect(
  profile: AuthorityProfile,
  client: ClientRegistration,
  http: HttpSettings,
): Promise<Connection> {
  const authority = resolveAuthority(profile);
  const clock = http.clock ?? systemClock;
  const auth = await buildClientAuth(client.credential, clock);
  const baseFetch =
    profile.kind === 'entra' && profile.version === 'v1'
      ? withEntraV1Shims(http.fetch, authority.discoveryUrl)
      : http.fetch;
  const customFetch: oidc.CustomFetch = (url, options) => baseFetch(url, options as RequestInit);
  try {
    const config = await oidc.discovery(authority.discoveryUrl, client.clientId, undefined, auth, {
      [oidc.customFetch]: customFetch,
      timeout: (http.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000,
      // ID token signatures are verified against the provider's JWKS (OIDC Core §3.1.3.7), not
      // only trusted because they came over TLS.
      execute: [
        oidc.enableNonRepudiationChecks,
        ...(authority.allowInsecureRequests ? [oidc.allowInsecureRequests] : []),
      ],
    });
    return { config, authority, clientId: client.clientId, clock };
  } catch (error) {
    throw discoveryError(error, authority.discoveryUrl);
  }
}

function discoveryError(error: unknown, url: URL): TokenDockError {
  const translated = toTokenDockError(error, `Discovery at ${url.href}`);
  if (['network', 'timeout', 'insecure_issuer', 'cancelled'].includes(translated.code))
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
