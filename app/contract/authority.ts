/**
 * Microsoft Entra ID's clouds: public, US Government, China (21Vianet), and the national clouds
 * MSAL lists as `login.sovcloud-identity.fr` (Bleu), `.de` (Delos) and `.sg` (GovSG). Their hosts
 * are in `app/authority/entra-clouds.ts`.
 */
export const ENTRA_CLOUD_NAMES = ['public', 'usgov', 'china', 'bleu', 'delos', 'govsg'] as const;
export type EntraCloud = (typeof ENTRA_CLOUD_NAMES)[number];

export interface EntraAuthority {
  kind: 'entra';
  /** A tenant id (GUID), a verified domain, or `common` / `organizations` / `consumers`. */
  tenant: string;
  cloud: EntraCloud;
  /** v2 (`/v2.0`, scopes) or v1 (ADAL's endpoints, `resource`). */
  version: 'v1' | 'v2';
}

export interface OidcAuthority {
  kind: 'oidc';
  /** The issuer identifier; discovery is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
}

export interface SandboxAuthority {
  kind: 'sandbox';
  /** The issuer of the running sandbox provider (`http://127.0.0.1:<port>`). */
  issuer: string;
}

export type AuthorityProfile = EntraAuthority | OidcAuthority | SandboxAuthority;

/** An authority as stored: the sandbox is stored without its issuer, which changes every start. */
export type StoredAuthority = EntraAuthority | OidcAuthority | { kind: 'sandbox' };
