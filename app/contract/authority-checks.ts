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

/** True for the IP literals `127.0.0.0/8` and `[::1]` (RFC 8252 §8.3), as `URL.hostname` spells them. */
export function isLoopbackHost(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * True for `localhost` and names under it (`keycloak.localhost`), with or without the root dot:
 * RFC 6761 §6.3 reserves them for loopback, and WHATWG Secure Contexts / Chromium treat them as
 * potentially trustworthy. A name is only a promise, though: a resolver may still send it to DNS
 * (a search domain, a hosts file without the entry) and get any address back. So a `localhost`
 * issuer is accepted here, and every request to such a name is checked when it is made: the
 * engine looks the name up and refuses unless every address is loopback (`isLoopbackAddress`,
 * see `app/authority/loopback-fetch.ts`).
 */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * True for a resolved loopback address: `127.0.0.0/8`, `::1`, or `::ffff:127.x.y.z` (IPv4-mapped),
 * in the spelling `dns.lookup` returns (no brackets).
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4))
    return v4.split('.').every((part) => Number(part) <= 255);
  return a === '::1' || a === '0:0:0:0:0:0:0:1';
}

/**
 * Where plain http is acceptable: the loopback IP literals and `localhost` names (the latter only
 * because the engine checks, request by request, that they resolve to loopback).
 */
export function allowsPlainHttp(hostname: string): boolean {
  return isLoopbackHost(hostname) || isLocalhostName(hostname);
}

/**
 * An issuer identifier must be an https URL without query, fragment or credentials (RFC 8414 §2);
 * plain http is accepted for loopback only: `127.0.0.0/8`, `[::1]` and `localhost` names.
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
  if (url.protocol === 'http:' && !allowsPlainHttp(url.hostname)) {
    return {
      code: 'insecure_issuer',
      message: `The issuer ${url.origin} uses plain http. Only https issuers are allowed, except on localhost, 127.0.0.1 and [::1].`,
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
 * An Entra tenant is a tenant id (GUID), a domain, or common / organizations / consumers.
 * common and organizations are served on every cloud (their metadata names the `{tenantid}`
 * issuer template, which the engine fills from each ID token's `tid`); consumers (personal
 * Microsoft accounts) only on the public cloud.
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
  if (cloud !== 'public' && t === 'consumers') {
    return {
      code: 'invalid_configuration',
      message:
        'Personal Microsoft accounts (consumers) exist only on the global cloud: give the tenant id, a domain, or organizations.',
    };
  }
  return undefined;
}

/** A problem with one field of the add-account form, named as the engine names form fields. */
export interface FieldProblem extends AuthorityProblem {
  field: string;
}

/** The form fields (and the engine's field errors) of a B2C authority and of AD FS. */
export const B2C_FIELDS = {
  tenant: 'b2cTenant',
  policy: 'b2cPolicy',
  domain: 'b2cDomain',
} as const;
export const ADFS_FIELD = 'adfsHost';

/** What a person gives for an Azure AD B2C authority. */
export interface B2cParts {
  tenant: string;
  policy: string;
  domain?: string | undefined;
}

/** A B2C tenant's name: the label before `.onmicrosoft.com` and `.b2clogin.com`. */
const B2C_TENANT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * User flows are named `B2C_1_…` and custom policies `B2C_1A_…` (B2C adds the prefix itself);
 * the rest is letters, digits, `_`, `-` and `.`.
 */
const B2C_POLICY = /^b2c_1a?_[a-z0-9_.-]{1,200}$/i;

/** `contoso`, `contoso.onmicrosoft.com` or a pasted `contoso.b2clogin.com` → `contoso`; a GUID stays. */
export function b2cTenantName(tenant: string): string {
  return tenant
    .trim()
    .toLowerCase()
    .replace(/\.(onmicrosoft|b2clogin)\.com$/, '');
}

function hostOf(domain: string | undefined): string {
  return (domain ?? '').trim().toLowerCase().replace(/\.$/, '');
}

/** Each B2C field that is wrong, with what to change; empty when the authority can be built. */
export function b2cProblems(parts: B2cParts): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field, code: 'invalid_configuration', message });
  const tenant = b2cTenantName(parts.tenant);
  const domain = hostOf(parts.domain);
  if (!tenant) {
    problem(
      B2C_FIELDS.tenant,
      'Enter the B2C tenant: its name, such as contoso or contoso.onmicrosoft.com.',
    );
  } else if (GUID.test(tenant)) {
    if (!domain)
      problem(
        B2C_FIELDS.tenant,
        'A tenant id (GUID) needs the custom domain: give the tenant name (contoso) for contoso.b2clogin.com.',
      );
  } else if (!B2C_TENANT_NAME.test(tenant)) {
    problem(
      B2C_FIELDS.tenant,
      `"${parts.tenant.trim()}" is not a B2C tenant: give its name, such as contoso or contoso.onmicrosoft.com.`,
    );
  }
  const policy = parts.policy.trim();
  if (!policy) {
    problem(B2C_FIELDS.policy, 'Enter the user flow (policy), such as B2C_1_signupsignin.');
  } else if (!B2C_POLICY.test(policy)) {
    problem(
      B2C_FIELDS.policy,
      `"${policy}" is not a user flow or custom policy: their names start with B2C_1_ (user flows) or B2C_1A_ (custom policies).`,
    );
  }
  if (domain) {
    if (!DOMAIN.test(domain)) {
      problem(
        B2C_FIELDS.domain,
        'The custom domain is a host name, such as login.contoso.com (no https:// and no path).',
      );
    } else if (domain.endsWith('.b2clogin.com')) {
      problem(
        B2C_FIELDS.domain,
        'That is the tenant’s own b2clogin.com host: leave the custom domain empty.',
      );
    }
  }
  return problems;
}

/**
 * The URL a B2C authority is stored and discovered as, as Microsoft's B2C documentation writes it:
 * `https://<tenant>.b2clogin.com/<tenant>.onmicrosoft.com/<policy>/v2.0`, or with a custom domain
 * `https://<domain>/<tenant id or name>/<policy>/v2.0`. Its metadata is at
 * `<url>/.well-known/openid-configuration`. For parts without `b2cProblems`.
 */
export function b2cAuthorityUrl(parts: B2cParts): string {
  const tenant = b2cTenantName(parts.tenant);
  const domain = hostOf(parts.domain);
  const tenantInPath = GUID.test(tenant) ? tenant : `${tenant}.onmicrosoft.com`;
  return `https://${domain || `${tenant}.b2clogin.com`}/${tenantInPath}/${parts.policy.trim()}/v2.0`;
}

/**
 * A pasted authority or issuer URL as a host and a path: https on the default port, no
 * credentials, query or fragment; the path without a trailing slash or
 * `/.well-known/openid-configuration`. Undefined for anything else.
 */
export function authorityUrlParts(text: string): { url: URL; path: string } | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port || url.search || url.hash) return undefined;
  if (url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/\.well-known\/openid-configuration$/, '').replace(/\/$/, '');
  return { url, path };
}

/**
 * Reads a B2C authority URL in the shapes MSAL and Microsoft's documentation use:
 * `https://contoso.b2clogin.com/[tfp/]contoso.onmicrosoft.com/B2C_1_susi[/v2.0][/.well-known/openid-configuration]`,
 * and on a custom domain `https://login.contoso.com/<tenant id or name>/B2C_1_susi/...`. On
 * `<tenant>.b2clogin.com` the path names that tenant. Anything else (a query, another path, a
 * policy that is not `B2C_1…`) is not a B2C authority: undefined.
 */
export function b2cAuthorityFromUrl(text: string): B2cParts | undefined {
  const parts = authorityUrlParts(text);
  if (!parts) return undefined;
  const { url, path } = parts;
  const match = /^\/(?:tfp\/)?([^/]+)\/([^/]+)(?:\/v2\.0)?$/i.exec(path);
  if (!match) return undefined;
  const policy = decodeURIComponent(match[2]!);
  if (!B2C_POLICY.test(policy)) return undefined;
  const inPath = b2cTenantName(decodeURIComponent(match[1]!));
  const host = url.hostname.toLowerCase();
  const b2clogin = /^([a-z0-9-]+)\.b2clogin\.com$/.exec(host);
  if (b2clogin) return inPath === b2clogin[1] ? { tenant: inPath, policy } : undefined;
  if (!GUID.test(inPath) && !B2C_TENANT_NAME.test(inPath)) return undefined;
  return { tenant: inPath, policy, domain: host };
}

/** True for a URL on a `b2clogin.com` host (which openid-client exempts from its issuer check). */
export function isB2cLoginHost(text: string): boolean {
  try {
    return new URL(text.trim()).hostname.toLowerCase().endsWith('.b2clogin.com');
  } catch {
    return false;
  }
}

/**
 * AD FS (Windows Server 2016 and later) publishes OpenID Connect metadata at
 * `https://<host>/adfs/.well-known/openid-configuration`, with `https://<host>/adfs` as issuer.
 */
export function adfsAuthorityUrl(host: string): string {
  return `https://${hostOf(host)}/adfs`;
}

/** The host of an AD FS authority URL (`https://fs.contoso.com/adfs`, with or without `/`), else undefined. */
export function adfsHostFromUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.search || url.hash || url.username || url.password)
    return undefined;
  return /^\/adfs\/?$/i.test(url.pathname) ? url.host.toLowerCase() : undefined;
}

/** What is wrong with an AD FS host (`fs.contoso.com`, optionally with a port), or undefined. */
export function adfsHostProblem(host: string): FieldProblem | undefined {
  const text = hostOf(host);
  const [name = '', port, ...rest] = text.split(':');
  const message = !text
    ? 'Enter the AD FS host, such as fs.contoso.com.'
    : rest.length ||
        !DOMAIN.test(name) ||
        (port !== undefined &&
          !(/^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536))
      ? 'The AD FS host is a host name, such as fs.contoso.com (no https:// and no /adfs).'
      : undefined;
  return message ? { field: ADFS_FIELD, code: 'invalid_configuration', message } : undefined;
}
