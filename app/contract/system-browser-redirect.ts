/**
 * The redirect URI of a system-browser sign-in (RFC 8252 §7.3): where TokenDock listens for the
 * authorization response. Pure and free of Node, shared by the engine and the add-account form.
 *
 * - No redirect URI: `http://127.0.0.1:<random port>/callback`.
 * - Without a port (`http://127.0.0.1/auth`): a random port and that path, for providers that
 *   allow any loopback port as RFC 8252 §7.3 asks.
 * - With a port (`http://127.0.0.1:8400/callback`): exactly that port and path, for providers that
 *   match the registered redirect URI exactly.
 */
export interface SystemBrowserRedirect {
  host: '127.0.0.1' | 'localhost';
  /** A fixed port; absent: any free port. */
  port?: number;
  /** The path to listen on; absent: `/callback`. */
  path?: string;
}

export type SystemBrowserRedirectResult =
  { ok: true; redirect: SystemBrowserRedirect } | { ok: false; message: string };

const EXAMPLE = 'such as http://127.0.0.1:8400/callback';

/** Reads a system-browser redirect URI, or says what is wrong with it. */
export function parseSystemBrowserRedirect(uri: string | undefined): SystemBrowserRedirectResult {
  const text = uri?.trim();
  if (!text) return { ok: true, redirect: { host: '127.0.0.1' } };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `The redirect URI must be a URL, ${EXAMPLE}.` };
  }
  if (url.protocol !== 'http:' || (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost'))
    return {
      ok: false,
      message: `In the system browser, TokenDock receives the answer on this computer: the redirect URI must be http://127.0.0.1 or http://localhost with an optional port and path, ${EXAMPLE}.`,
    };
  if (url.username || url.password || url.search || url.hash)
    return {
      ok: false,
      message: `The redirect URI cannot carry a user name, query or fragment, ${EXAMPLE}.`,
    };
  const host = url.hostname;
  // `URL` drops a port equal to the scheme's default (80), so the written form is read too.
  const written = /^http:\/\/[^/:]+:(\d+)/i.exec(text)?.[1];
  const port = written === undefined ? undefined : Number(written);
  if (port !== undefined && (port < 1 || port > 65535))
    return { ok: false, message: `The port must be from 1 to 65535, ${EXAMPLE}.` };
  if (port !== undefined) return { ok: true, redirect: { host, port, path: url.pathname } };
  const path = url.pathname !== '/' ? url.pathname : undefined;
  return { ok: true, redirect: { host, ...(path ? { path } : {}) } };
}

/** The words shown when nothing has come back from the browser for a while. */
export function redirectHint(redirectUri: string): string {
  return `Nothing has come back yet. If the provider shows an error, register this redirect URI: ${redirectUri}`;
}
