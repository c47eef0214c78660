/**
 * Where the desktop app's own UI lives: the renderer bundle is served on a custom, privileged
 * scheme (`app://tokendock/`) rather than `file://`, as Electron's security checklist advises
 * (https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols).
 * Every origin comparison parses URLs; none compares string prefixes.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'tokendock';
/** The origin of the renderer bundle. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL as `scheme://host[:port]`, lower-cased, or `undefined` when the URL does not
 * parse or has no host (`file:`, `data:`, `javascript:`, `about:`, opaque origins). Works for
 * custom schemes too, whose WHATWG `origin` would be `"null"`.
 */
export function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!parsed.host || parsed.username || parsed.password) return undefined;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** Whether `url` belongs to the app's own origin. */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/**
 * The main window's navigation policy: it stays on the app's origin (Electron security checklist
 * §13, "Disable or limit navigation"). Anything else is blocked, never opened.
 */
export function mainWindowNavigation(url: string): 'allow' | 'block' {
  return isAppUrl(url) ? 'allow' : 'block';
}

/** 127.0.0.0/8 and [::1]: the loopback addresses (not `localhost`, which may resolve elsewhere). */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  const parts = hostname.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}
