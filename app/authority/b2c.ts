import type { B2cAuthority } from '../contract/authority';
import { b2cAuthorityUrl, b2cTenantName } from '../contract/authority-checks';
import { isTenantId } from './entra-clouds';

/**
 * Azure AD B2C as Microsoft's libraries and documentation describe it.
 *
 * Authorities (MSAL: `TEST_CONFIG.b2cValidAuthority` and the B2C samples of
 * github.com/AzureAD/microsoft-authentication-library-for-js): `https://<tenant>.b2clogin.com/
 * <tenant>.onmicrosoft.com/<policy>`, and on a custom domain `https://<domain>/<tenant id or name>/
 * <policy>`; metadata at `<authority>/v2.0/.well-known/openid-configuration` (MSAL's
 * `defaultOpenIdConfigurationEndpoint` for every authority but AD FS and plain OIDC).
 *
 * Issuers: the metadata names `https://<host>/<tenant id>/v2.0/` (MSAL .NET's recorded
 * `OpenidConfiguration-B2CLogin.json`; with B2C's "tfp" token setting `https://<host>/tfp/<tenant
 * id>/<policy>/v2.0/`), where `host` is the one discovery used: a custom domain puts itself in the
 * issuer (Microsoft's "Enable custom domains for Azure AD B2C"). openid-client's discovery check
 * cannot be used: its issuer == discovery URL never holds (the path has the tenant id, not the
 * policy), and it skips the check altogether on `*.b2clogin.com` hosts. So the engine reads the
 * metadata document itself and judges its issuer here; openid-client then requires every ID
 * token's `iss` to be that issuer.
 */

/** Where the metadata document of a B2C authority is. */
export function b2cMetadataUrl(authority: B2cAuthority): URL {
  return new URL(`${b2cAuthorityUrl(authority)}/.well-known/openid-configuration`);
}

/** What the UI calls a B2C authority. */
export function b2cLabel(authority: B2cAuthority): string {
  return `Azure AD B2C (${b2cTenantName(authority.tenant)} · ${authority.policy.trim()})`;
}

/**
 * What is wrong with the `issuer` a B2C authority's metadata names, or undefined when it is one
 * this authority can have: https; the host discovery used (the custom domain, or
 * `<tenant>.b2clogin.com`), or with a custom domain also the tenant's own `<tenant>.b2clogin.com`;
 * path `/<tenant id>/v2.0/` or `/tfp/<tenant id>/<this policy>/v2.0/`; and when the authority
 * names a tenant id, that one.
 */
export function b2cIssuerProblem(issuer: unknown, authority: B2cAuthority): string | undefined {
  if (typeof issuer !== 'string') return 'the metadata names no issuer';
  const match = /^https:\/\/([^/:?#]+)\/(?:tfp\/([^/?#]+)\/([^/?#]+)|([^/?#]+))\/v2\.0\/?$/i.exec(
    issuer,
  );
  if (!match) return `the issuer ${issuer} is not a B2C issuer (https://<host>/<tenant id>/v2.0/)`;
  const host = match[1]!.toLowerCase();
  const tenantId = (match[2] ?? match[4]!).toLowerCase();
  const tfpPolicy = match[3];
  const tenant = b2cTenantName(authority.tenant);
  const ownHost = isTenantId(tenant) ? undefined : `${tenant}.b2clogin.com`;
  const domain = authority.domain?.trim().toLowerCase().replace(/\.$/, '');
  const hosts = [domain, ownHost].filter((h): h is string => !!h);
  if (!hosts.includes(host))
    return `the issuer ${issuer} is not on ${hosts.join(' or ')}, where this B2C tenant signs in`;
  if (!isTenantId(tenantId)) return `the issuer ${issuer} names no tenant id`;
  if (isTenantId(tenant) && tenantId !== tenant)
    return `the issuer ${issuer} names another tenant than ${tenant}`;
  if (tfpPolicy !== undefined && tfpPolicy.toLowerCase() !== authority.policy.trim().toLowerCase())
    return `the issuer ${issuer} names another user flow than ${authority.policy.trim()}`;
  return undefined;
}
