/**
 * Who issues the tokens. A profile is what the user chose; `resolveAuthority` turns it into the
 * URL openid-client discovers from.
 */

/** Microsoft Entra ID's national clouds and their sign-in hosts. */
export const ENTRA_CLOUDS = {
  public: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.chinacloudapi.cn',
} as const;

export type EntraCloud = keyof typeof ENTRA_CLOUDS;

/** The tenants that are not one directory but a class of them. */
export const ENTRA_MULTI_TENANT = ['common', 'organizations', 'consumers'] as const;

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
