import type { EntraCloud } from '../contract/authority';
import { authorityUrlParts } from '../contract/authority-checks';

/**
 * Microsoft Entra ID's clouds as Microsoft's own libraries know them.
 *
 * Hosts and aliases are MSAL's: `lib/msal-common/src/authority/AuthorityMetadata.ts` of
 * github.com/AzureAD/microsoft-authentication-library-for-js at commit
 * 0267ba5afadfd22f7731f661836d79c54319b98d (`endpointHosts`: the sign-in host of each cloud and
 * the China issuer host `login.partner.microsoftonline.cn` that differs from it;
 * `instanceDiscoveryMetadata.metadata`: the aliases of each cloud, `login.windows.net`,
 * `login.microsoft.com` and `sts.windows.net` for the public cloud). The three clouds named
 * `login.sovcloud-identity.{fr,de,sg}` (Bleu, Delos, GovSG) were added there in 2025; MSAL .NET
 * and Java list the same hosts.
 *
 * v1 (ADAL's endpoints) issuers are `https://sts.windows.net/{tid}/` on the public and US
 * Government clouds and `https://sts.chinacloudapi.cn/{tid}/` on China's (Microsoft's national
 * cloud documentation, "authentication-national-cloud"); a US Government v1 document may also name
 * its own sign-in host.
 */
export interface EntraCloudInfo {
  /** Where the engine discovers and signs in (MSAL's endpoint host of the cloud). */
  host: string;
  /** Every host that is this cloud (MSAL's aliases), the sign-in host first. */
  aliases: readonly string[];
  /**
   * Hosts of v1 issuers that are not among the aliases. A metadata issuer may name any alias
   * (MSAL: China's issuer host differs from its sign-in host) or one of these.
   */
  v1IssuerHosts: readonly string[];
  label: string;
}

export const ENTRA_CLOUD_INFO: Record<EntraCloud, EntraCloudInfo> = {
  public: {
    host: 'login.microsoftonline.com',
    aliases: [
      'login.microsoftonline.com',
      'login.windows.net',
      'login.microsoft.com',
      'sts.windows.net',
    ],
    v1IssuerHosts: [],
    label: 'Global',
  },
  usgov: {
    host: 'login.microsoftonline.us',
    aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
    v1IssuerHosts: ['sts.windows.net'],
    label: 'US Government',
  },
  china: {
    host: 'login.chinacloudapi.cn',
    aliases: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    v1IssuerHosts: ['sts.chinacloudapi.cn'],
    label: 'China (21Vianet)',
  },
  bleu: {
    host: 'login.sovcloud-identity.fr',
    aliases: ['login.sovcloud-identity.fr'],
    v1IssuerHosts: [],
    label: 'Bleu (France)',
  },
  delos: {
    host: 'login.sovcloud-identity.de',
    aliases: ['login.sovcloud-identity.de'],
    v1IssuerHosts: [],
    label: 'Delos (Germany)',
  },
  govsg: {
    host: 'login.sovcloud-identity.sg',
    aliases: ['login.sovcloud-identity.sg'],
    v1IssuerHosts: [],
    label: 'GovSG (Singapore)',
  },
};

/** The tenant of personal Microsoft accounts: what `consumers` metadata names as its issuer. */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** The cloud a host belongs to (any of MSAL's aliases, or a v1 issuer host), case-insensitive. */
export function entraCloudOfHost(hostname: string): EntraCloud | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  for (const [cloud, info] of Object.entries(ENTRA_CLOUD_INFO) as Array<
    [EntraCloud, EntraCloudInfo]
  >) {
    if (info.aliases.includes(host) || info.v1IssuerHosts.includes(host)) return cloud;
  }
  return undefined;
}

/** What an Entra authority URL names. */
export interface EntraAuthorityParts {
  cloud: EntraCloud;
  tenant: string;
  version: 'v1' | 'v2';
}

/**
 * Reads an Entra authority or issuer URL on any host of a cloud: `https://login.windows.net/
 * contoso.onmicrosoft.com`, `https://login.microsoft.com/{tid}/v2.0`, `https://sts.windows.net/
 * {tid}/` (a v1 issuer), with or without a trailing slash or `/.well-known/openid-configuration`.
 * Anything else (another host, a B2C policy path, a query) is not an Entra authority: undefined.
 */
export function entraAuthorityFromUrl(text: string): EntraAuthorityParts | undefined {
  const parts = authorityUrlParts(text);
  if (!parts) return undefined;
  const { url, path } = parts;
  const cloud = entraCloudOfHost(url.hostname);
  if (!cloud) return undefined;
  const match = /^\/([^/]+)(\/v2\.0)?$/.exec(path);
  if (!match) return undefined;
  return {
    cloud,
    tenant: decodeURIComponent(match[1]!).toLowerCase(),
    version: match[2] ? 'v2' : 'v1',
  };
}

/** How the engine judges the issuer of an Entra authority's metadata and of its ID tokens. */
export interface EntraIssuerRule {
  cloud: EntraCloud;
  version: 'v1' | 'v2';
  /** The tenant as configured (lower case). */
  tenant: string;
  /**
   * `id`: the issuer names this tenant id; `domain`: some tenant id (the domain's);
   * `multi` (common / organizations): the literal `{tenantid}` template, filled from each ID
   * token's `tid`; `consumers`: the personal-accounts tenant id.
   */
  tenantKind: 'id' | 'domain' | 'multi' | 'consumers';
}

export const TENANT_TEMPLATE = '{tenantid}';

/**
 * What is wrong with the `issuer` an Entra authority's metadata names, or undefined when it is
 * the issuer this authority must have: https, on one of the cloud's hosts (an alias, or a v1 STS),
 * path `/{tenant}/v2.0` (v2) or `/{tenant}/` (v1), tenant as the rule says. This replaces
 * openid-client's discovery check (issuer == discovery URL), which Entra's documents cannot pass
 * on the national clouds and for domains, and which openid-client skips on
 * `login.microsoftonline.com` whatever the issuer.
 */
export function entraIssuerProblem(issuer: unknown, rule: EntraIssuerRule): string | undefined {
  if (typeof issuer !== 'string') return 'the metadata names no issuer';
  const info = ENTRA_CLOUD_INFO[rule.cloud];
  const hosts = [...info.aliases, ...info.v1IssuerHosts];
  // Not parsed with URL: `{tenantid}` would be percent-encoded.
  const match = /^https:\/\/([^/:?#]+)\/([^/?#]+)(\/v2\.0|\/)$/.exec(issuer);
  if (!match) return `the issuer ${issuer} is not an Entra ${rule.version} issuer URL`;
  const [, host, tenant, tail] = match as unknown as [string, string, string, string];
  if (!hosts.includes(host.toLowerCase()))
    return `the issuer ${issuer} is not on the ${info.label} cloud (${hosts.join(', ')})`;
  if ((rule.version === 'v2') !== (tail === '/v2.0'))
    return `the issuer ${issuer} is not a ${rule.version} issuer`;
  switch (rule.tenantKind) {
    case 'id':
      return tenant.toLowerCase() === rule.tenant
        ? undefined
        : `the issuer ${issuer} names another tenant than ${rule.tenant}`;
    case 'domain':
      return isTenantId(tenant) ? undefined : `the issuer ${issuer} names no tenant id`;
    case 'consumers':
      return tenant.toLowerCase() === CONSUMERS_TENANT_ID
        ? undefined
        : `the issuer ${issuer} is not the personal-accounts tenant`;
    case 'multi':
      return tenant === TENANT_TEMPLATE
        ? undefined
        : `the issuer ${issuer} is not the ${TENANT_TEMPLATE} template of multi-tenant metadata`;
  }
}

/**
 * Microsoft's validation of a multi-tenant issuer ("Validate the issuer", Microsoft identity
 * platform ID token docs): the ID token's `tid` must be a tenant id, and its `iss` must be the
 * metadata's issuer with `{tenantid}` replaced by that `tid`. Returns the issuer the token must
 * carry, or what is wrong.
 */
export function tenantIssuerOf(
  template: string,
  claims: Record<string, unknown>,
): { issuer: string } | { problem: string } {
  const tid = claims.tid;
  if (!isTenantId(tid)) return { problem: 'the ID token carries no tenant id (tid)' };
  const issuer = template.replace(TENANT_TEMPLATE, tid);
  if (claims.iss !== issuer) {
    return {
      problem: `the ID token's issuer ${String(claims.iss)} is not ${issuer}, the issuer of its tenant ${tid}`,
    };
  }
  return { issuer };
}
