import { isLoopbackHostname, originOf } from './app-origin';

/**
 * The embedded sign-in window's navigation policy: it may show the authority's pages and nothing
 * else, and the redirect back to the app is caught before it loads (RFC 8252 §8.12 on embedded
 * user agents; Electron security checklist §13). Pure, so the whole table is tested under Node.
 */

/**
 * Microsoft Entra ID's sign-in hosts across clouds: the pages a sign-in may move between
 * (Microsoft accounts, seamless SSO, certificate and device authentication, MFA registration),
 * plus their CDNs. Allowed (https only) when the sign-in starts on one of them.
 */
export const ENTRA_LOGIN_HOSTS = [
  // Public cloud (and its older names).
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'device.login.microsoftonline.com',
  'certauth.login.microsoftonline.com',
  'autologon.microsoftazuread-sso.com',
  'mysignins.microsoft.com',
  // Microsoft accounts (consumers).
  'login.live.com',
  'account.live.com',
  // US Government and China (21Vianet) clouds.
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  // Where the device code flow's verification page starts.
  'microsoft.com',
  'www.microsoft.com',
  // Sign-in page assets.
  'aadcdn.msauth.net',
  'aadcdn.msftauth.net',
] as const;

export interface AuthNavigationPolicy {
  /** Origins (`scheme://host[:port]`) the window may show. */
  authorityOrigins: readonly string[];
  /** The registered redirect URI; a navigation to it is caught, not loaded. */
  redirectUri?: string;
}

export type AuthNavigationVerdict = 'allow' | 'block' | 'redirect-caught';

/**
 * The origins a sign-in window starting at `startUrl` may show: that URL's own origin, plus every
 * Entra sign-in host when it is one of them. https only; plain http only for a loopback start
 * (the sandbox provider on 127.0.0.1). Empty when the start URL itself is not acceptable.
 */
export function authorityOriginsFor(startUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(startUrl);
  } catch {
    return [];
  }
  const origin = originOf(startUrl);
  if (!origin) return [];
  if (url.protocol === 'http:') return isLoopbackHostname(url.hostname) ? [origin] : [];
  if (url.protocol !== 'https:') return [];
  const entra = (ENTRA_LOGIN_HOSTS as readonly string[]).includes(url.hostname);
  const origins = entra ? ENTRA_LOGIN_HOSTS.map((host) => `https://${host}`) : [];
  return [...new Set([origin, ...origins])];
}

/**
 * Whether `url` is the redirect URI coming back: same scheme, host, port and path (RFC 6749
 * §3.1.2: the query carries the response). A different port on loopback is not the redirect.
 */
export function isRedirectTo(url: string, redirectUri: string): boolean {
  let target: URL;
  let redirect: URL;
  try {
    target = new URL(url);
    redirect = new URL(redirectUri);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  return (
    target.protocol === redirect.protocol &&
    target.hostname.toLowerCase() === redirect.hostname.toLowerCase() &&
    target.port === redirect.port &&
    target.pathname === redirect.pathname
  );
}

/**
 * What to do with a navigation of the sign-in window to `url`: catch the redirect, allow the
 * authority's own origins (https, or http on loopback), block everything else — other hosts and
 * lookalikes (`login.microsoftonline.com.evil.test`), other ports, `javascript:`, `file:`,
 * `data:`, `about:`, credentials in the URL, anything that does not parse.
 */
export function authNavigation(url: string, policy: AuthNavigationPolicy): AuthNavigationVerdict {
  if (policy.redirectUri && isRedirectTo(url, policy.redirectUri)) return 'redirect-caught';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'block';
  }
  if (parsed.protocol === 'http:') {
    if (!isLoopbackHostname(parsed.hostname)) return 'block';
  } else if (parsed.protocol !== 'https:') {
    return 'block';
  }
  const origin = originOf(url);
  if (!origin) return 'block';
  return policy.authorityOrigins.some((allowed) => allowed.toLowerCase() === origin)
    ? 'allow'
    : 'block';
}
