import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME } from '../app/host/app-origin';
import { appResponseHeaders, resolveAppRequest } from '../app/host/app-protocol';

/**
 * Registers `app:` as a standard, secure scheme. Must run before the app is ready.
 * https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the renderer bundle in `root` on `app://tokendock/` (default session only, so sign-in
 * windows cannot reach it). The pure resolver refuses path traversal; every response carries
 * the CSP.
 */
export function serveAppBundle(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(request.url, root, request.method);
    if (resolved.kind === 'refused') {
      return new Response(`${resolved.status}`, {
        status: resolved.status,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
      });
    }
    let body: Buffer;
    try {
      body = await readFile(resolved.path);
    } catch {
      return new Response('404', {
        status: 404,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
      });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: appResponseHeaders(resolved.contentType),
    });
  });
}
