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

/**
 * Azure AD B2C: a tenant and a user flow (policy), on `<tenant>.b2clogin.com` or a custom domain.
 * Stored as the `oidc` issuer URL it names (`b2cAuthorityUrl`), as MSAL takes B2C authorities;
 * the engine reads such a URL back into this profile (`b2cAuthorityFromUrl`).
 */
export interface B2cAuthority {
  kind: 'b2c';
  /** The tenant's name (`contoso`, `contoso.onmicrosoft.com`), or its id (GUID) with a custom domain. */
  tenant: string;
  /** The user flow or custom policy: `B2C_1_signupsignin`, `B2C_1A_signup_signin`. */
  policy: string;
  /** A custom domain (`login.contoso.com`) in place of `<tenant>.b2clogin.com`. */
  domain?: string;
}

/** What the engine resolves: a stored authority, or a B2C authority read from its URL. */
export type AuthorityProfile = EntraAuthority | OidcAuthority | SandboxAuthority | B2cAuthority;

/** An authority as stored: the sandbox is stored without its issuer, which changes every start. */
export type StoredAuthority = EntraAuthority | OidcAuthority | { kind: 'sandbox' };
