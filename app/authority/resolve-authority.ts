import { tokenDockError } from '../errors/tokendock-error';
import { issuerProblem, tenantProblem } from '../contract/authority-checks';
import {
  ENTRA_CLOUDS,
  type AuthorityProfile,
  type EntraAuthority,
  type OidcAuthority,
  type SandboxAuthority,
} from './profiles';
import {
  CONSUMERS_TENANT_ID,
  entraAuthorityFromUrl,
  isTenantId,
  type EntraIssuerRule,
} from './entra-clouds';

/** A profile made concrete: where to discover, and what is allowed for it. */
export interface ResolvedAuthority {
  profile: AuthorityProfile;
  /** The issuer URL handed to discovery (OpenID Connect Discovery 1.0 §4). */
  discoveryUrl: URL;
  /**
   * True only for loopback `http` issuers (the sandbox, tests, development providers on
   * `http://localhost:8080`); the connection then checks every plain-http request
   * (`loopback-fetch.ts`).
   */
  allowInsecureRequests: boolean;
  /** What the UI calls this provider. */
  label: string;
  /**
   * For Entra ID: how the issuer of its metadata and ID tokens is judged (`entra-clouds.ts`). The
   * engine checks it itself, since openid-client's discovery check cannot hold for Entra's
   * national clouds, domains and multi-tenant metadata.
   */
  entra?: EntraIssuerRule;
}

/**
 * Validates a profile and computes its discovery URL. Throws `invalid_configuration` or
 * `insecure_issuer` with a message that says what to change.
 */
export function resolveAuthority(profile: AuthorityProfile): ResolvedAuthority {
  switch (profile.kind) {
    case 'entra':
      return resolveEntra(profile);
    case 'oidc': {
      // An Entra authority given by URL, on any of its cloud's hosts (`login.windows.net`,
      // `login.microsoft.com`, a v1 issuer on `sts.windows.net`, ...): the same authority as the
      // Entra profile it names.
      const entra = entraAuthorityFromUrl(profile.issuer);
      if (entra && !tenantProblem(entra.tenant, entra.cloud))
        return resolveEntra({ kind: 'entra', ...entra });
      return resolveIssuer(profile);
    }
    case 'sandbox':
      return resolveIssuer(profile);
  }
}

function resolveIssuer(profile: OidcAuthority | SandboxAuthority): ResolvedAuthority {
  const url = parseIssuer(profile.issuer);
  return {
    profile,
    discoveryUrl: url,
    allowInsecureRequests: url.protocol === 'http:',
    label: profile.kind === 'sandbox' ? 'TokenDock sandbox' : url.host,
  };
}

function resolveEntra(profile: EntraAuthority): ResolvedAuthority {
  const problem = tenantProblem(profile.tenant, profile.cloud);
  if (problem) throw tokenDockError(problem.code, problem.message);
  const tenant = profile.tenant.trim().toLowerCase();
  const host = ENTRA_CLOUDS[profile.cloud];
  if (!host) {
    throw tokenDockError(
      'invalid_configuration',
      `Unknown Entra cloud "${String(profile.cloud)}".`,
    );
  }
  const path = profile.version === 'v2' ? `/${tenant}/v2.0` : `/${tenant}`;
  return {
    profile,
    discoveryUrl: new URL(`https://${host}${path}`),
    allowInsecureRequests: false,
    label: `Microsoft Entra ID (${tenant})`,
    entra: {
      cloud: profile.cloud,
      version: profile.version,
      tenant,
      tenantKind:
        tenant === 'common' || tenant === 'organizations'
          ? 'multi'
          : tenant === 'consumers' || tenant === CONSUMERS_TENANT_ID
            ? 'consumers'
            : isTenantId(tenant)
              ? 'id'
              : 'domain',
    },
  };
}

export { allowsPlainHttp, isLoopbackHost } from '../contract/authority-checks';

/**
 * Parses an issuer identifier (RFC 8414 §2: https, no query or fragment). Plain http is accepted
 * for loopback only: `127.0.0.0/8`, `[::1]`, and `localhost` names (whose requests are checked to
 * resolve to loopback, see `loopback-fetch.ts`).
 */
export function parseIssuer(issuer: string): URL {
  const problem = issuerProblem(issuer);
  if (problem) throw tokenDockError(problem.code, problem.message);
  return new URL(issuer.trim());
}
