import { allowsPlainHttp } from './authority-checks';
import { parseSystemBrowserRedirect } from './system-browser-redirect';

/**
 * What a valid redirect URI is, written once for the engine (which refuses the account) and the
 * add-account form (which says so before saving). Pure and free of Node.
 *
 * - **System browser** (RFC 8252 §7.3): TokenDock listens on this computer, so the URI is loopback
 *   http (`http://127.0.0.1` or `http://localhost`, optional port and path) or absent (a random
 *   port at `/callback`); see `parseSystemBrowserRedirect`, which sign-in reads it with.
 * - **Embedded sign-in window**: the window catches a main-frame navigation to the URI (same
 *   scheme, host, port and path, `app/host/auth-navigation.ts`) before it loads, so the URI is
 *   never fetched. It may be https (Entra's `https://login.microsoftonline.com/common/oauth2/
 *   nativeclient`, claimed https URIs: RFC 8252 §7.2), plain http on loopback only (RFC 8252 §8.3;
 *   the sandbox's `http://127.0.0.1/callback`), or the app's private-use scheme (RFC 8252 §7.1,
 *   `msal<client id>://auth`, `com.example.app:/callback`). Never a fragment (RFC 6749 §3.1.2),
 *   credentials, a scheme the browser handles itself (`javascript:`, `data:`, `file:`…), or the
 *   out-of-band `urn:ietf:wg:oauth:2.0:oob`, whose code is shown in a page the window cannot read.
 */

export type SignInMode = 'embedded' | 'system-browser';

const EMBEDDED_EXAMPLES =
  'such as https://login.microsoftonline.com/common/oauth2/nativeclient or http://127.0.0.1/callback';

/** Schemes a browser acts on itself: a provider's redirect to them is never a sign-in's answer. */
const BROWSER_SCHEMES = new Set([
  'javascript',
  'data',
  'file',
  'about',
  'blob',
  'filesystem',
  'view-source',
  'chrome',
  'chrome-extension',
  'devtools',
  'ws',
  'wss',
  'ftp',
  'mailto',
  'tel',
  'urn',
]);

/**
 * Why `redirectUri` cannot be used with `signInMode`, or `undefined` when it can. Only the
 * authorization code flow has a redirect URI (see `usesRedirectUri` in `flow-rules.ts`).
 */
export function redirectUriProblem(
  signInMode: SignInMode,
  redirectUri: string | undefined,
): string | undefined {
  if (signInMode === 'system-browser') {
    const parsed = parseSystemBrowserRedirect(redirectUri);
    return parsed.ok ? undefined : parsed.message;
  }
  return embeddedRedirectProblem(redirectUri);
}

function embeddedRedirectProblem(redirectUri: string | undefined): string | undefined {
  const text = redirectUri?.trim();
  if (!text) return 'The sign-in window needs the redirect URI registered for the app.';
  if (/^urn:ietf:wg:oauth:2\.0:oob/i.test(text))
    return `The out-of-band redirect shows the code in a page the sign-in window cannot read: register a redirect URI ${EMBEDDED_EXAMPLES}.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `The redirect URI must be a URL, ${EMBEDDED_EXAMPLES}.`;
  }
  if (text.includes('#'))
    return 'A redirect URI cannot have a fragment (#…): the answer comes in its query (RFC 6749 §3.1.2).';
  if (url.username || url.password) return 'The redirect URI cannot carry a user name or password.';
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'https') return url.hostname ? undefined : 'The https redirect URI needs a host.';
  if (scheme === 'http') {
    return allowsPlainHttp(url.hostname)
      ? undefined
      : 'A plain http redirect URI must be on this computer (http://127.0.0.1, http://[::1] or http://localhost): use https or the app’s own scheme otherwise.';
  }
  if (BROWSER_SCHEMES.has(scheme))
    return `The sign-in window cannot catch a ${scheme}: redirect URI: use https, http on loopback or the app’s own scheme (such as msal<client id>://auth).`;
  // A private-use scheme (RFC 8252 §7.1) with somewhere to go: `myapp://auth`, `com.example:/cb`.
  if (!url.hostname && url.pathname.replace(/^\/+/, '') === '')
    return `The redirect URI ${scheme}: needs a host or a path, such as ${scheme}://auth.`;
  return undefined;
}
