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
