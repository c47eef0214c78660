import type { EntraCloud } from './authority';

/**
 * The checks of an authority that need no network, shared by the engine (which refuses) and the
 * add-account form (which explains as you type). Each returns what is wrong, or undefined.
 */

export interface AuthorityProblem {
  code: 'invalid_configuration' | 'insecure_issuer';
  message: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** The tenants that are not one directory but a class of them. */
const ENTRA_MULTI_TENANT = ['common', 'organizations', 'consumers'] as const;

/** True for `127.0.0.0/8` and `[::1]`: the only hosts where plain http is acceptable (RFC 8252 §8.3). */
export function isLoopbackHost(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * An issuer identifier must be an https URL without query, fragment or credentials (RFC 8414 §2);
 * plain http is accepted for loopback addresses only.
 */
export function issuerProblem(issuer: string): AuthorityProblem | undefined {
  const text = issuer.trim();
  if (!text)
    return {
      code: 'invalid_configuration',
      message: 'Enter the issuer URL, such as https://login.example.com/.',
    };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      code: 'invalid_configuration',
      message: `"${text}" is not a URL. An issuer looks like https://login.example.com/.`,
    };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      code: 'insecure_issuer',
      message: `The issuer ${url.origin} uses plain http. Only https issuers are allowed, except on 127.0.0.1 and [::1].`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      code: 'invalid_configuration',
      message: `The issuer must be an https URL, not ${url.protocol}.`,
    };
  }
  if (url.search || url.hash || url.username || url.password) {
    return {
      code: 'invalid_configuration',
      message: 'The issuer must not carry a query, fragment or credentials.',
    };
  }
  return undefined;
}

/**
 * An Entra tenant is a tenant id (GUID), a domain, or common / organizations / consumers;
 * common and organizations only on the public cloud, where openid-client can validate the
 * `{tenantid}` issuer of multi-tenant metadata.
 */
export function tenantProblem(tenant: string, cloud: EntraCloud): AuthorityProblem | undefined {
  const t = tenant.trim().toLowerCase();
  if (!t) {
    return {
      code: 'invalid_configuration',
      message: 'Enter the tenant: its id (GUID), a domain, or organizations / common.',
    };
  }
  if (!(ENTRA_MULTI_TENANT as readonly string[]).includes(t) && !GUID.test(t) && !DOMAIN.test(t)) {
    return {
      code: 'invalid_configuration',
      message: `"${tenant.trim()}" is not a tenant: use a tenant id (GUID), a domain such as contoso.onmicrosoft.com, or common, organizations, consumers.`,
    };
  }
  if (cloud !== 'public' && (t === 'common' || t === 'organizations')) {
    return {
      code: 'invalid_configuration',
      message: `On the ${cloud === 'usgov' ? 'US Government' : 'China'} cloud, give the tenant id or domain instead of "${t}".`,
    };
  }
  return undefined;
}
