import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenDockError } from '../errors/tokendock-error';

/** A one-shot listener for the authorization response of a system-browser sign-in. */
export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port><path>`: the redirect URI to put in the authorization request. */
  redirectUri: string;
  /** Resolves with the full redirect URL (query included) the browser arrived with. */
  result: Promise<string>;
  close(): Promise<void>;
}

export interface LoopbackRedirectOptions {
  /** The path of the redirect URI. Default `/callback`. */
  path?: string;
  /** The host name to put in the redirect URI: `127.0.0.1` (default) or `localhost`. */
  host?: '127.0.0.1' | 'localhost';
  /**
   * A fixed port, for providers that match the registered redirect URI exactly. Default: a
   * random free port. A port in use is refused with `invalid_configuration`.
   */
  port?: number;
  /**
   * Called once with the redirect URI when no authorization response has arrived after
   * `afterMs` (the provider may be refusing the redirect URI on its own page).
   */
  noAnswer?: { afterMs: number; notify: (redirectUri: string) => void };
  signal?: AbortSignal;
  /** How long to wait for the browser. Default 10 minutes. */
  timeoutMs?: number;
}

/**
 * Listens on 127.0.0.1 at a random port (or the account's fixed one) for one authorization
 * response, as native apps do (RFC 8252 §7.3, §8.3: loopback IP, any port). The browser gets a
 * small page saying it may be closed. Only a GET to the redirect path with `code` or `error` counts; anything else is 404.
 */
export async function listenForRedirect(
  options: LoopbackRedirectOptions = {},
): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  const host = options.host ?? '127.0.0.1';
  let settle: { resolve: (url: string) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may only look at `result` after the listener is up; keep an early failure handled.
  result.catch(() => undefined);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (request.method !== 'GET' || url.pathname !== path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const error = url.searchParams.get('error');
    if (!error && !url.searchParams.has('code')) {
      response
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not an authorization response');
      return;
    }
    answer(response, request, error);
    const full = `http://${host}:${port}${request.url ?? path}`;
    settle?.resolve(full);
    void shutdown();
  });

  const wanted = options.port ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenError(error, wanted);
  }
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://${host}:${port}${path}`;

  let closed = false;
  const timer = setTimeout(
    () => {
      settle?.reject(tokenDockError('timeout', 'No answer came back from the browser in time.'));
      void shutdown();
    },
    options.timeoutMs ?? 10 * 60_000,
  );
  const quiet = options.noAnswer
    ? setTimeout(() => options.noAnswer?.notify(redirectUri), options.noAnswer.afterMs)
    : undefined;
  const onAbort = () => {
    settle?.reject(tokenDockError('cancelled', 'Sign-in was cancelled.'));
    void shutdown();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  async function shutdown(): Promise<void> {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearTimeout(quiet);
    options.signal?.removeEventListener('abort', onAbort);
    settle?.reject(tokenDockError('cancelled', 'The redirect listener was closed.'));
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return { redirectUri, result, close: shutdown };
}

/** Why the listener could not start, in words: a fixed port in use names the port. */
function listenError(error: unknown, port: number) {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (port !== 0 && (code === 'EADDRINUSE' || code === 'EACCES')) {
    return tokenDockError(
      'invalid_configuration',
      code === 'EADDRINUSE'
        ? `Port ${port} on 127.0.0.1 is already in use, so the sign-in's answer cannot be received there.`
        : `TokenDock may not listen on port ${port} on 127.0.0.1.`,
      "Close the program using it, or choose another port in the account's redirect URI (and register that URI at the provider).",
      error,
    );
  }
  return tokenDockError(
    'unexpected',
    `Could not listen on 127.0.0.1 for the sign-in's answer (${code ?? 'unknown error'}).`,
    undefined,
    error,
  );
}

function answer(response: ServerResponse, _request: IncomingMessage, error: string | null): void {
  const title = error ? 'Sign-in did not complete' : 'Signed in';
  const text = error
    ? `The provider answered “${escapeHtml(error)}”. Return to TokenDock for details.`
    : 'You can close this tab and return to TokenDock.';
  response.writeHead(error ? 400 : 200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · TokenDock</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;color:#1f2328}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}}</style></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
