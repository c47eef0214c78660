import { tokenDockError } from '../errors/tokendock-error';
import { issuerProblem, tenantProblem } from '../contract/authority-checks';
import { ENTRA_CLOUDS, type AuthorityProfile, type EntraAuthority } from './profiles';

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
}

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
