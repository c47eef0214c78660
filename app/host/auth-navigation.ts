import { isLoopbackHostname, originOf } from './app-origin';

/**
 * The embedded sign-in window's navigation policy (RFC 8252 §8.12 on embedded user agents;
 * Electron security checklist §13). A sign-in goes wherever the provider sends the person —
 * AD FS, Okta or Ping federation, B2C custom domains, a device page that hands over to another
 * host — so the window may show any https page; what it never shows is anything else (plain
 * http, `javascript:`, `file:`, `data:`, `about:`, `blob:`, credentials in the URL). The two
 * plain-http exceptions are loopback ones: the redirect URI itself (caught, never loaded) and, for
 * the sandbox provider, its own loopback issuer. Only main-frame navigations are judged: frames
 * inside a page (SSO, captcha) are the page's business. Pure, so the whole table runs under Node.
 */

export interface AuthNavigationPolicy {
  /**
   * The one plain-http origin (`http://127.0.0.1:<port>`) the window may show: the sandbox
   * provider's issuer, when the sign-in starts there.
   */
  loopbackOrigin?: string;
  /** The registered redirect URI; a main-frame navigation to it is caught, not loaded. */
  redirectUri?: string;
}

export type AuthNavigationVerdict = 'allow' | 'block' | 'redirect-caught';

/**
 * The policy of a window that starts at `startUrl`: https anywhere, plus the start's own origin
 * when it is plain http on loopback (the sandbox). `undefined` when the start URL itself is not
 * acceptable (not https, not loopback http, credentials in it, not a URL).
 */
export function authNavigationPolicy(
  startUrl: string,
  redirectUri?: string,
): AuthNavigationPolicy | undefined {
  const url = parse(startUrl);
  if (!url || url.username || url.password) return undefined;
  const policy: AuthNavigationPolicy = redirectUri ? { redirectUri } : {};
  if (url.protocol === 'https:' && url.hostname) return policy;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) {
    const origin = originOf(startUrl);
    return origin ? { ...policy, loopbackOrigin: origin } : undefined;
  }
  return undefined;
}

/**
 * Whether `url` is the redirect URI coming back: same scheme, host, port and path (RFC 6749
 * §3.1.2: the query carries the response). A different port on loopback is not the redirect.
 */
export function isRedirectTo(url: string, redirectUri: string): boolean {
  const target = parse(url);
  const redirect = parse(redirectUri);
  if (!target || !redirect) return false;
  if (target.username || target.password) return false;
  return (
    target.protocol === redirect.protocol &&
    target.hostname.toLowerCase() === redirect.hostname.toLowerCase() &&
    target.port === redirect.port &&
    target.pathname === redirect.pathname
  );
}

/**
 * What to do with a main-frame navigation of the sign-in window to `url`: catch the redirect URI;
 * allow any https page (any host, any port: federation); allow plain http only to the sandbox's
 * loopback issuer; block everything else — other schemes, plain http elsewhere (including other
 * loopback ports), credentials in the URL, anything that does not parse.
 */
export function authNavigation(url: string, policy: AuthNavigationPolicy): AuthNavigationVerdict {
  if (policy.redirectUri && isRedirectTo(url, policy.redirectUri)) return 'redirect-caught';
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password || !parsed.hostname) return 'block';
  if (parsed.protocol === 'https:') return 'allow';
  if (parsed.protocol === 'http:' && policy.loopbackOrigin) {
    return originOf(url) === policy.loopbackOrigin.toLowerCase() ? 'allow' : 'block';
  }
  return 'block';
}

/**
 * The host a person should see before typing a password: `host[:port]` as the URL parser writes
 * it (lower case, internationalised names in their `xn--` form, so a lookalike cannot pass for
 * the real host), or `undefined` when there is none.
 */
export function shownHost(url: string): string | undefined {
  const parsed = parse(url);
  return parsed?.host ? parsed.host : undefined;
}

/**
 * The sign-in window's title for the page at `url`, e.g. "Sign in — login.contoso.com": the
 * window shows where the person is typing, and the page's own `<title>` never replaces it.
 */
export function signInWindowTitle(purpose: string, url: string): string {
  const host = shownHost(url);
  return host ? `${purpose} — ${host}` : purpose;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
