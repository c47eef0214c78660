import * as oidc from 'openid-client';
import { withEntraV1Shims } from '../authority/entra-v1-shims';
import { withLoopbackGuard } from '../authority/loopback-fetch';
import type { AuthorityProfile } from '../authority/profiles';
import { resolveAuthority, type ResolvedAuthority } from '../authority/resolve-authority';
import { entraIssuerProblem } from '../authority/entra-clouds';
import { describeHttpAnswer, metadataProblem, toTokenDockError } from '../errors/translate';
import { TokenDockError } from '../errors/tokendock-error';
import { systemClock, type Clock, type Fetch } from '../ports';
import {
  createClientAuth,
  type ClientCredential,
  type ClientRegistration,
  type SecretAttempt,
} from './client-auth';
import { EntraTenantIssuer } from './entra-tenant-issuer';
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
  /** What the last request with a client secret did (method, encoding), for failure hints. */
  lastSecretAttempt: () => SecretAttempt | undefined;
  /**
   * Entra multi-tenant metadata (`{tenantid}` issuer) only: checks each ID token's `tid`/`iss` and
   * makes `config` the tenant's (see `entra-tenant-issuer.ts`). Token requests run through it.
   */
  tenantIssuer?: EntraTenantIssuer;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Discovers a provider (OpenID Connect Discovery 1.0 §4, RFC 8414 §3) and binds a client to it.
 * All later requests go through `http.fetch` with the same timeout. Plain http is allowed for
 * loopback issuers only. Every response's `Date` teaches the connection the provider's clock
 * (see `provider-clock.ts`), so client assertions are stamped with the provider's time.
 *
 * Entra ID authorities are discovered from their metadata document, and the engine judges its
 * issuer (`entraIssuerProblem`): openid-client's check (issuer == discovery URL) fails on the
 * national clouds (China's issuer host differs), for domains and for multi-tenant metadata, and
 * openid-client skips it on `login.microsoftonline.com` whatever the issuer names.
 */
export async function connect(
  profile: AuthorityProfile,
  client: ClientRegistration,
  http: HttpSettings,
): Promise<Connection> {
  const authority = resolveAuthority(profile);
  const clock = http.clock ?? systemClock;
  const providerClock = createProviderClock(clock);
  const { auth, lastSecretAttempt } = await createClientAuth(client.credential, providerClock);
  // Plain http (loopback issuers only) is guarded request by request: loopback or refused.
  const hostFetch = authority.allowInsecureRequests ? withLoopbackGuard(http.fetch) : http.fetch;
  const entra = authority.entra;
  const baseFetch =
    entra?.version === 'v1' ? withEntraV1Shims(hostFetch, authority.discoveryUrl) : hostFetch;
  const observingFetch: oidc.CustomFetch = async (url, options) => {
    const response = await baseFetch(url, options as RequestInit);
    providerClock.observe(response.headers);
    return response;
  };
  const timeout = (http.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
  // ID token signatures are verified against the provider's JWKS (OIDC Core §3.1.3.7), not
  // only trusted because they came over TLS.
  const execute = [
    oidc.enableNonRepudiationChecks,
    ...(authority.allowInsecureRequests ? [oidc.allowInsecureRequests] : []),
  ];
  // openid-client reads client metadata when it builds the Configuration, after the discovery
  // response arrived: its `Date` has set the offset by then. openid-client validates ID token
  // `exp`/`nbf` on the system clock plus this skew (the engine's clock is the system clock
  // outside tests). The Configuration is frozen, so skew learned later does not reach it.
  const clientMetadata: Partial<oidc.ClientMetadata> = {
    get [oidc.clockSkew]() {
      return Math.round(providerClock.offsetMs / 1000);
    },
  };
  // Entra's `common` / `organizations` metadata names the `{tenantid}` template as its issuer:
  // each tenant's ID tokens are validated against a configuration with that tenant's issuer,
  // built like the discovered one (`entra-tenant-issuer.ts`; `customFetch` is defined below).
  const tenantIssuer =
    entra?.tenantKind === 'multi'
      ? new EntraTenantIssuer((template, issuer) => {
          const config = new oidc.Configuration(
            { ...(template.serverMetadata() as oidc.ServerMetadata), issuer },
            client.clientId,
            clientMetadata,
            auth,
          );
          config[oidc.customFetch] = customFetch;
          config.timeout = timeout;
          for (const extension of execute) extension(config);
          return config;
        })
      : undefined;
  const customFetch = tenantIssuer ? tenantIssuer.wrap(observingFetch) : observingFetch;
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      // Entra: the metadata document itself, whose issuer openid-client then leaves to the
      // caller (its documented behaviour for a `.well-known` URL); the engine checks it below.
      entra
        ? entraMetadataUrl(authority.discoveryUrl)
        : (authority.metadata?.url ?? authority.discoveryUrl),
      client.clientId,
      clientMetadata,
      auth,
      { [oidc.customFetch]: customFetch, timeout, execute },
    );
  } catch (error) {
    throw discoveryError(error, authority.discoveryUrl);
  }
  if (entra) {
    const problem = entraIssuerProblem(config.serverMetadata().issuer, entra);
    if (problem) {
      throw new TokenDockError({
        code: 'discovery_failed',
        message: `No valid OpenID provider metadata at ${authority.discoveryUrl.href}: ${problem}.`,
        hint: 'The metadata names an issuer this Entra authority cannot have. Check the cloud and the tenant; if they are right, something between TokenDock and Microsoft changes its answers.',
      });
    }
  }
  // B2C: openid-client skips its check on b2clogin.com hosts and fails it on custom domains;
  // the authority's own rule judges the issuer (`app/authority/b2c.ts`).
  const issuerRefusal = authority.metadata?.issuerProblem(config.serverMetadata().issuer);
  if (issuerRefusal) {
    throw new TokenDockError({
      code: 'discovery_failed',
      message: `No valid OpenID provider metadata at ${authority.discoveryUrl.href}: ${issuerRefusal}.`,
      hint: authority.metadata!.hint,
    });
  }
  tenantIssuer?.setTemplate(config);
  return {
    get config() {
      return tenantIssuer ? tenantIssuer.config : config;
    },
    authority,
    clientId: client.clientId,
    clock,
    providerClock,
    credentialKind: client.credential.kind,
    lastSecretAttempt,
    ...(tenantIssuer ? { tenantIssuer } : {}),
  };
}

/** `https://host/{tenant}[/v2.0]/.well-known/openid-configuration` (OpenID Connect Discovery §4). */
function entraMetadataUrl(discoveryUrl: URL): URL {
  return new URL(`${discoveryUrl.href.replace(/\/$/, '')}/.well-known/openid-configuration`);
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
      hint: discoveryHint(error),
      ...(translated.httpStatus ? { httpStatus: translated.httpStatus } : {}),
    },
    { cause: error },
  );
}

/**
 * A hint that names the likely cause, from what answered (status, content type, openid-client's
 * codes), never from message text: a web page is a proxy, firewall or captive portal between us
 * and the provider, and the issuer URL is likely fine; JSON that is not metadata, or metadata of
 * another issuer, is a wrong issuer URL.
 */
function discoveryHint(error: unknown): string {
  const answer = describeHttpAnswer(error);
  if (answer?.kind === 'html') {
    return `A web page answered${answer.status >= 400 ? ` (HTTP ${answer.status})` : ''} instead of provider metadata: usually a proxy, a firewall or a Wi-Fi sign-in page. Open the URL in a browser on this network to see it, or ask the network's administrator.`;
  }
  if (answer && (answer.status === 401 || answer.status === 403)) {
    return `The metadata was refused (HTTP ${answer.status}): a proxy or firewall may be blocking it, or the URL is not the provider's public metadata. Check the proxy settings, then the issuer URL.`;
  }
  if (answer && answer.status >= 500) {
    return 'The provider failed to serve its metadata. Try again shortly.';
  }
  if (answer && answer.status === 404) {
    return 'Nothing is published at this URL. Check the issuer URL: its /.well-known/openid-configuration must exist.';
  }
  switch (metadataProblem(error)) {
    case 'issuer_mismatch':
      return 'The metadata names another issuer. Check the issuer URL: it must be exactly the issuer the provider names (a trailing slash counts).';
    case 'not_metadata':
      return 'This URL answers with something that is not OpenID provider metadata. Check the issuer URL.';
    default:
      return 'Check the issuer URL: its /.well-known/openid-configuration must describe the same issuer.';
  }
}
