import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import {
  adfsHostFromUrl,
  b2cAuthorityFromUrl,
  b2cProblems,
  isB2cLoginHost,
  issuerProblem,
  tenantProblem,
} from '../contract/authority-checks';
import type { B2cAuthority } from '../contract/authority';
import { b2cIssuerProblem, b2cLabel, b2cMetadataUrl } from './b2c';
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
  /**
   * Providers whose metadata openid-client cannot judge (Azure AD B2C): discovery reads the
   * document at `url` itself and `issuerProblem` judges the issuer it names; a problem fails
   * discovery (the check is never skipped). openid-client then holds every ID token to that issuer.
   */
  metadata?: {
    url: URL;
    issuerProblem: (issuer: unknown) => string | undefined;
    /** What to tell the person when the issuer is refused. */
    hint: string;
  };
  /**
   * Whether a person's sign-in that asks for `offline_access` sends `prompt=consent` (OpenID
   * Connect Core §11). Not for Microsoft's providers: Entra ID (which would show consent every
   * time), B2C (whose authorize endpoint takes `prompt=login` only) and AD FS (`login` and
   * `none` only); MSAL sends no prompt to any of them and gets refresh tokens.
   */
  consentPrompt: boolean;
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
      // A B2C authority URL (how the form stores B2C, and how MSAL writes it).
      const b2c = b2cAuthorityFromUrl(profile.issuer);
      if (b2c) return resolveB2c({ kind: 'b2c', ...b2c });
      if (isB2cLoginHost(profile.issuer)) {
        // openid-client would accept any issuer from a b2clogin.com host: only B2C authorities
        // that the engine can judge go there.
        throw tokenDockError(
          'invalid_configuration',
          'A b2clogin.com URL must name the tenant and the user flow: https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0 (or choose Azure AD B2C).',
        );
      }
      return resolveIssuer(profile);
    }
    case 'b2c':
      return resolveB2c(profile);
    case 'sandbox':
      return resolveIssuer(profile);
  }
}

function resolveB2c(profile: B2cAuthority): ResolvedAuthority {
  const problems = b2cProblems(profile);
  if (problems.length > 0) {
    throw new TokenDockError({
      code: 'invalid_configuration',
      message: problems[0]!.message,
      fields: Object.fromEntries(problems.map((p) => [p.field, p.message])),
    });
  }
  const url = b2cMetadataUrl(profile);
  return {
    profile,
    discoveryUrl: new URL(url.href.replace(/\/\.well-known\/openid-configuration$/, '')),
    allowInsecureRequests: false,
    label: b2cLabel(profile),
    metadata: {
      url,
      issuerProblem: (issuer) => b2cIssuerProblem(issuer, profile),
      hint: 'The metadata names an issuer this B2C tenant cannot have. Check the tenant and the custom domain; if they are right, something between TokenDock and Microsoft changes its answers.',
    },
    consentPrompt: false,
  };
}

function resolveIssuer(profile: OidcAuthority | SandboxAuthority): ResolvedAuthority {
  const url = parseIssuer(profile.issuer);
  return {
    profile,
    discoveryUrl: url,
    allowInsecureRequests: url.protocol === 'http:',
    label:
      profile.kind === 'sandbox'
        ? 'TokenDock sandbox'
        : adfsHostFromUrl(profile.issuer)
          ? `AD FS (${url.host})`
          : url.host,
    consentPrompt: !adfsHostFromUrl(profile.issuer),
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
    consentPrompt: false,
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
