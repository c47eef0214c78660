import type { ClientClass } from 'oidc-provider';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

function loopbackHttp(value: string): URL | undefined {
  const url = URL.parse(value);
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  if (url.username || url.password || url.hash || value.includes('#')) return undefined;
  return url;
}

/**
 * True when both are `http` loopback URIs (127.0.0.1 or [::1]) that differ at most in the port:
 * same host, path and query, compared as parsed URLs (RFC 8252 §7.3).
 */
export function sameLoopbackUriIgnoringPort(registered: string, requested: string): boolean {
  const a = loopbackHttp(registered);
  const b = loopbackHttp(requested);
  return (
    a !== undefined &&
    b !== undefined &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search
  );
}

/**
 * Lets the given (web) clients use their registered loopback redirect URIs on any port, as Entra
 * does for `http://localhost` and oidc-provider already does for native clients (RFC 8252 §7.3).
 * Patches this provider's own `Client` class only; everything else keeps oidc-provider's exact
 * string match.
 */
export function allowAnyLoopbackPort(Client: ClientClass, clientIds: ReadonlySet<string>): void {
  const exactMatch = Client.prototype.redirectUriAllowed;
  Client.prototype.redirectUriAllowed = function redirectUriAllowed(value: string): boolean {
    if (exactMatch.call(this, value)) return true;
    if (!clientIds.has(this.clientId)) return false;
    return this.redirectUris.some((registered) => sameLoopbackUriIgnoringPort(registered, value));
  };
}
