import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Serving the renderer bundle on `app://tokendock/`: which file a request maps to (path
 * traversal refused) and the headers of every response (CSP included). Pure: the Electron
 * `protocol.handle` adapter in main/ only reads the file.
 */

/** The Content-Security-Policy of every response of the app protocol (same as the page's meta). */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The content types of the files a renderer bundle holds. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequestResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Maps a request on the app protocol to a file under `root` (the renderer bundle). Refused: other
 * hosts or schemes, methods other than GET/HEAD, encoded slashes or backslashes, NUL bytes, `..`
 * segments and anything that resolves outside `root`, unknown file types. `/` serves index.html.
 */
export function resolveAppRequest(
  requestUrl: string,
  root: string,
  method = 'GET',
): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD')
    return { kind: 'refused', status: 405, reason: 'method' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400, reason: 'unparsable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST)
    return { kind: 'refused', status: 404, reason: 'not the app origin' };
  const rawPath = url.pathname;
  if (/%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\'))
    return { kind: 'refused', status: 400, reason: 'encoded separator' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, reason: 'bad percent-encoding' };
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\0')))
    return { kind: 'refused', status: 403, reason: 'dot segment' };
  const relativePath = segments.length ? segments.join(sep) : 'index.html';
  const base = resolve(root);
  const path = resolve(base, relativePath);
  const inside = relative(base, path);
  if (!inside || inside.startsWith('..') || isAbsolute(inside))
    return { kind: 'refused', status: 403, reason: 'outside the bundle' };
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!contentType) return { kind: 'refused', status: 404, reason: 'unknown file type' };
  return { kind: 'file', path, contentType };
}

/** The headers of every app-protocol response: CSP, no MIME sniffing, no referrer, no caching. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': APP_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}
