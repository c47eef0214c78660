import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_TYPES } from '../app/host/app-protocol';

/**
 * The production renderer bundle (`vite build --config vite.renderer.config.ts`): `out/renderer`
 * beside the built `out/serve/index.js`, or of the repository when run from the sources.
 */
export const RENDERER_DIR = rendererDirectory(fileURLToPath(new URL('.', import.meta.url)));

function rendererDirectory(here: string): string {
  const built = basename(dirname(here)) === 'out'; // out/serve/index.js
  return built ? join(here, '..', 'renderer') : join(here, '..', 'out', 'renderer');
}
/** Where the bridge script is served; `index.html` loads it before the app's module script. */
export const BRIDGE_SCRIPT_PATH = '/__tokendock-bridge.js';

/** The bundle's `index.html`, with the bridge script inserted and its CSP read out. */
export interface RendererIndex {
  html: string;
  csp: string;
}

/**
 * Reads `index.html` of the bundle, takes the CSP of its meta tag (sent as a header too) and
 * inserts `<script src="/__tokendock-bridge.js">` before the first script, so `window.tokendock`
 * exists before the app's module script runs. Throws when the bundle is missing or unexpected.
 */
export async function loadRendererIndex(directory = RENDERER_DIR): Promise<RendererIndex> {
  const file = resolve(directory, 'index.html');
  if (!existsSync(file)) {
    throw new Error(
      `No renderer bundle at ${file}. Build it with "vite build --config vite.renderer.config.ts" ` +
        '(`npm run build` does it, and Playwright’s globalSetup once per run).',
    );
  }
  const original = await readFile(file, 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(original);
  if (!meta?.[1]) throw new Error(`${file} has no Content-Security-Policy meta tag.`);
  const firstScript = original.search(/<script\b/i);
  if (firstScript < 0) throw new Error(`${file} has no script to load the bridge before.`);
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>\n    `;
  return {
    html: original.slice(0, firstScript) + tag + original.slice(firstScript),
    csp: meta[1].replace(/\s+/g, ' ').trim(),
  };
}

/** Headers of every response: the bundle's CSP, no sniffing, no caching, no embedding elsewhere. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * Serves a file of the bundle for a GET or HEAD. Paths are decoded once and resolved inside
 * `directory`; anything resolving outside it (`..`, encoded separators, absolute paths) is 404,
 * as are directories and missing files (a missing `/favicon.ico` is 204, to keep the console
 * quiet). Answers 400 for a path that does not decode.
 */
export async function serveRendererFile(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  headers: Record<string, string>,
  directory = RENDERER_DIR,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    response.writeHead(400, headers).end('Bad request');
    return;
  }
  const root = resolve(directory);
  const file = resolve(root, `.${decoded}`);
  const inside = relative(root, file);
  if (
    decoded.includes('\0') ||
    decoded.includes('\\') ||
    inside === '' ||
    inside.startsWith(`..${sep}`) ||
    inside === '..' ||
    resolve(root, inside) !== file
  ) {
    response.writeHead(404, headers).end('Not found');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    // Chromium asks every origin for a favicon; the bundle has none (nor does Electron ask).
    if (decoded === '/favicon.ico') response.writeHead(204, headers).end();
    else response.writeHead(404, headers).end('Not found');
    return;
  }
  const real = await realpath(file);
  if (relative(await realpath(root), real).startsWith('..')) {
    response.writeHead(404, headers).end('Not found'); // a symbolic link out of the bundle
    return;
  }
  const body = await readFile(real);
  response.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(body.length),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
