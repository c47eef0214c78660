import { tokenDockError } from '../errors/tokendock-error';
import {
  ENTRA_CLOUDS,
  ENTRA_MULTI_TENANT,
  type AuthorityProfile,
  type EntraAuthority,
} from './profiles';

/** A profile made concrete: where to discover, and what is allowed for it. */
export interface ResolvedAuthority {
  profile: AuthorityProfile;
  /** The issuer URL handed to discovery (OpenID Connect Discovery 1.0 §4). */
  discoveryUrl: URL;
  /** True only for loopback `http` issuers (the sandbox and tests). */
  allowInsecureRequests: boolean;
  /** What the UI calls this provider. */
  label: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Validates a profile and computes its discovery URL. Throws `invalid_configuration` or
 * `insecure_issuer` with a message that says what to change.
 */
export function resolveAuthority(profile: AuthorityProfile): ResolvedAuthority {
  switch (profile.kind) {
    case 'entra':
      return resolveEntra(profile);
    case 'oidc':
    case 'sandbox': {
      const url = parseIssuer(profile.issuer);
      const insecure = url.protocol === 'http:';
      return {
        profile,
        discoveryUrl: url,
        allowInsecureRequests: insecure,
        label: profile.kind === 'sandbox' ? 'TokenDock sandbox' : url.host,
      };
    }
  }
}

function resolveEntra(profile: EntraAuthority): ResolvedAuthority {
  const tenant = profile.tenant.trim().toLowerCase();
  const multi = (ENTRA_MULTI_TENANT as readonly string[]).includes(tenant);
  if (!multi && !GUID.test(tenant) && !DOMAIN.test(tenant)) {
    throw tokenDockError(
      'invalid_configuration',
      `"${profile.tenant}" is not a tenant: use a tenant id (GUID), a domain such as contoso.onmicrosoft.com, or common, organizations, consumers.`,
    );
  }
  const host = ENTRA_CLOUDS[profile.cloud];
  if (!host) {
    throw tokenDockError(
      'invalid_configuration',
      `Unknown Entra cloud "${String(profile.cloud)}".`,
    );
  }
  if (profile.cloud !== 'public' && (tenant === 'common' || tenant === 'organizations')) {
    // openid-client validates the `{tenantid}` issuer of multi-tenant metadata on the public
    // cloud only; elsewhere the ID token's issuer could not be checked.
    throw tokenDockError(
      'invalid_configuration',
      `On the ${profile.cloud === 'usgov' ? 'US Government' : 'China'} cloud, give the tenant id or domain instead of "${tenant}".`,
    );
  }
  const path = profile.version === 'v2' ? `/${tenant}/v2.0` : `/${tenant}`;
  return {
    profile,
    discoveryUrl: new URL(`https://${host}${path}`),
    allowInsecureRequests: false,
    label: `Microsoft Entra ID (${tenant})`,
  };
}

/** True for `127.0.0.0/8` and `[::1]`: the only hosts where plain http is acceptable (RFC 8252 §8.3). */
export function isLoopbackHost(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * Parses an issuer identifier (RFC 8414 §2: https, no query or fragment). Plain http is accepted
 * for loopback addresses only.
 */
export function parseIssuer(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer.trim());
  } catch {
    throw tokenDockError(
      'invalid_configuration',
      `"${issuer}" is not a URL. An issuer looks like https://login.example.com/.`,
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw tokenDockError(
      'insecure_issuer',
      `The issuer ${url.origin} uses plain http. Only https issuers are allowed, except on 127.0.0.1 and [::1].`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw tokenDockError(
      'invalid_configuration',
      `The issuer must be an https URL, not ${url.protocol}.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw tokenDockError(
      'invalid_configuration',
      'The issuer must not carry a query, fragment or credentials.',
    );
  }
  return url;
}
