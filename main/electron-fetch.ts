import { net, type AuthInfo, type IncomingMessage } from 'electron';
import { httpOnlyFetch } from '../app/host/fetch-guard';
import type { Fetch } from '../app/ports';

/** Answers a proxy's request for credentials: `callback(username, password)`, or `callback()`. */
export type RequestLogin = (
  authInfo: AuthInfo,
  callback: (username?: string, password?: string) => void,
) => void;

export interface ElectronFetchOptions {
  /**
   * Called when a proxy asks one of the engine's requests for credentials (the request's 'login'
   * event, docs/api/client-request.md). Without it the challenge is cancelled, as Electron does
   * when a request has no 'login' listener (lib/common/api/net-client-request.ts), and the
   * request ends with the proxy's 407. `app`'s 'login' event never sees these requests: it is
   * for web contents and utility processes (docs/api/app.md, event 'login').
   */
  onLogin?: RequestLogin;
}

/** Statuses whose responses have no body (Fetch standard; Electron's net-fetch.ts uses the same). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The engine's `Fetch` over Electron's `net.request`: Chromium's network stack, so the system
 * proxy settings (PAC included) and the operating system's certificate store apply. Limited to
 * http(s), and never through the app's own protocol handler.
 *
 * Why not `net.fetch`: it is built on the same `ClientRequest` (lib/browser/api/net-fetch.ts) but
 * (1) with `redirect: 'manual'`, which oauth4webapi uses for every request, a redirect makes it
 * reject with "Redirect was cancelled" instead of returning the 3xx (docs/api/client-request.md:
 * in 'manual' mode "the redirection will be cancelled unless `request.followRedirect` is invoked
 * synchronously during the `redirect` event"), and (2) it listens to no 'login' event, so every
 * proxy that asks for credentials is refused. Here a manual redirect comes back as the 3xx
 * `Response` (status and headers, `Location` included; no body), and a proxy's 'login' goes to
 * `options.onLogin`.
 *
 * Failures are Electron's: a plain `Error('net::ERR_…')` (the engine classifies it by that name,
 * app/errors/chromium-net-errors.ts); an aborted signal rejects with the signal's reason
 * (`TimeoutError` for openid-client's timeout), as `net.fetch` does.
 */
export function createElectronFetch(options: ElectronFetchOptions = {}): Fetch {
  return httpOnlyFetch((input, init) =>
    requestFetch(typeof input === 'string' ? input : input.href, init, options),
  );
}

/** The engine's fetch with no proxy sign-in: a proxy's request for credentials is cancelled. */
export const electronFetch: Fetch = createElectronFetch();

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

async function requestFetch(
  url: string,
  init: RequestInit | undefined,
  options: ElectronFetchOptions,
): Promise<Response> {
  // The Fetch standard's Request normalises what callers pass (URLSearchParams bodies and their
  // Content-Type, header lists, method, redirect mode, signal), as Electron's net.fetch does.
  const request = new Request(url, init);
  const signal = request.signal;
  if (signal.aborted) throw abortReason(signal);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  if (signal.aborted) throw abortReason(signal);

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const succeed = (response: Response) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };

    const clientRequest = net.request({
      method: request.method,
      url: request.url,
      redirect: request.redirect,
      cache: request.cache,
      bypassCustomProtocolHandlers: true,
      // No `credentials`: "authentication data from the session will be sent, and cookies will
      // not be sent" (docs/api/client-request.md), i.e. the proxy's cached credentials go along
      // and no cookie of the default session does.
    });
    const onAbort = () => {
      fail(abortReason(signal));
      clientRequest.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    clientRequest.on('close', () => signal.removeEventListener('abort', onAbort));

    for (const [name, value] of request.headers) clientRequest.setHeader(name, value);

    if (request.redirect === 'manual') {
      // docs/api/client-request.md, event 'redirect': not calling followRedirect() cancels the
      // redirect. We answer with the 3xx itself, as fetch's 'manual' mode means to the caller,
      // then end the request (abort() during the event: no "Redirect was cancelled" error).
      clientRequest.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
        const headers = new Headers();
        for (const [name, values] of Object.entries(responseHeaders))
          for (const value of values) headers.append(name, value);
        if (!headers.has('location')) headers.set('location', redirectUrl);
        try {
          succeed(new Response(null, { status: statusCode, headers }));
        } catch (error) {
          fail(error);
        }
        clientRequest.abort();
      });
    }
    if (options.onLogin) clientRequest.on('login', options.onLogin);

    clientRequest.on('response', (message) => {
      try {
        succeed(toResponse(message, request.method, signal, () => clientRequest.abort()));
      } catch (error) {
        fail(error);
        clientRequest.abort();
      }
    });
    // docs/api/client-request.md, event 'error': the request failed (Chromium's net error name).
    clientRequest.on('error', fail);

    if (body && body.byteLength > 0) clientRequest.end(body);
    else clientRequest.end();
  });
}

/**
 * An `IncomingMessage` (docs/api/incoming-message.md) as a Fetch `Response`: its status, status
 * message and headers (`set-cookie` is an array, everything else one string), and its 'data' /
 * 'end' / 'error' / 'aborted' events as the body stream.
 */
function toResponse(
  message: IncomingMessage,
  method: string,
  signal: AbortSignal,
  abort: () => void,
): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.append(name, value);
  }
  const init = { status: message.statusCode, statusText: message.statusMessage, headers };
  if (NULL_BODY_STATUSES.has(message.statusCode) || method === 'HEAD')
    return new Response(null, init);
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        if (error === undefined) controller.close();
        else controller.error(error);
      };
      message.on('data', (chunk: Buffer) => {
        if (!done) controller.enqueue(new Uint8Array(chunk));
      });
      message.on('end', () => finish());
      message.on('error', (error: Error) => finish(error));
      message.on('aborted', () => finish(abortReason(signal)));
    },
    cancel() {
      done = true;
      abort();
    },
  });
  return new Response(body, init);
}
