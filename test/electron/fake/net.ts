/**
 * `net` (docs/api/net.md), `ClientRequest` (docs/api/client-request.md) and `IncomingMessage`
 * (docs/api/incoming-message.md), over Node's own fetch to reach real servers on 127.0.0.1.
 *
 * What it keeps from Electron, each from the page (and source file) named where it is modelled:
 * - failures are plain `Error`s whose message is Chromium's error name (`net::ERR_…`), never
 *   Node's `TypeError('fetch failed')` with a `cause.code`;
 * - `redirect: 'manual'` cancels a redirect unless `followRedirect()` is called synchronously in
 *   the 'redirect' event, so `net.fetch` with `redirect: 'manual'` rejects with
 *   "Redirect was cancelled" instead of returning the 3xx;
 * - a proxy that asks for credentials emits 'login' on the request; with no listener the
 *   challenge is cancelled and an authentication error (407) is reported on the response;
 * - `net.fetch` is Electron's own `fetchWithSession` over `net.request`.
 *
 * Test switches: `net.failNext(…)` makes the next request(s) fail with a given Chromium error,
 * `net.requireProxyCredentials(…)` puts an authenticating proxy in front of every request.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { app } from './app';

type RedirectPolicy = 'follow' | 'error' | 'manual';

export interface FakeAuthInfo {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
  realm: string;
}

interface Fault {
  error: string;
  remaining: number;
  url?: string | RegExp;
}

interface ProxyRule {
  authInfo: FakeAuthInfo;
  username: string;
  password: string;
  /** Chromium's HTTP auth cache of the session: answered once, not asked again. */
  cached: boolean;
}

/** What the fake recorded about each request that reached the network (or failed before). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  redirect: RedirectPolicy;
  /** What happened: a status, or the error message. */
  outcome?: number | string;
}

const state = {
  faults: [] as Fault[],
  proxy: undefined as ProxyRule | undefined,
  requests: [] as RecordedRequest[],
};

/**
 * Node's fetch failures, as Chromium names them (`net/base/net_error_list.h`). What Electron's
 * `net` reports is one of these names; what it never reports is Node's error object.
 */
function chromiumName(error: unknown): string {
  const codes: string[] = [];
  for (let c: unknown = error; c instanceof Error; c = c.cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  for (const code of codes) {
    switch (code) {
      case 'ECONNREFUSED':
        return 'ERR_CONNECTION_REFUSED';
      case 'ECONNRESET':
        return 'ERR_CONNECTION_RESET';
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
        return 'ERR_CONNECTION_CLOSED';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return 'ERR_NAME_NOT_RESOLVED';
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return 'ERR_CONNECTION_TIMED_OUT';
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return 'ERR_ADDRESS_UNREACHABLE';
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      case 'SELF_SIGNED_CERT_IN_CHAIN':
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
        return 'ERR_CERT_AUTHORITY_INVALID';
      case 'CERT_HAS_EXPIRED':
      case 'CERT_NOT_YET_VALID':
        return 'ERR_CERT_DATE_INVALID';
      case 'ERR_TLS_CERT_ALTNAME_INVALID':
        return 'ERR_CERT_COMMON_NAME_INVALID';
    }
  }
  return 'ERR_FAILED';
}

/** `new Error(netErrorString)`: lib/common/api/net-client-request.ts, the URL loader's 'error'. */
function netError(name: string): Error {
  return new Error(name.startsWith('net::') ? name : `net::${name}`);
}

function takeFault(url: string): string | undefined {
  const index = state.faults.findIndex(
    (f) =>
      f.url === undefined || (typeof f.url === 'string' ? url.startsWith(f.url) : f.url.test(url)),
  );
  if (index < 0) return undefined;
  const fault = state.faults[index]!;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults.splice(index, 1);
  return fault.error;
}

/**
 * `IncomingMessage` (docs/api/incoming-message.md): a Readable with `statusCode`,
 * `statusMessage` and `headers` (lowercased names; `set-cookie` always an array; other
 * duplicates joined with ', ').
 */
export class FakeIncomingMessage extends Readable {
  constructor(
    readonly statusCode: number,
    readonly statusMessage: string,
    readonly headers: Record<string, string | string[]>,
  ) {
    super();
  }
  override _read(): void {}
}

function incomingHeaders(headers: Headers): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') result[name] = value;
  const cookies = headers.getSetCookie();
  if (cookies.length) result['set-cookie'] = cookies;
  return result;
}

/** The 'redirect' event's `responseHeaders`: `Record<string, string[]>` (client-request.md). */
function redirectHeaders(headers: Headers): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') result[name] = [value];
  const cookies = headers.getSetCookie();
  if (cookies.length) result['set-cookie'] = cookies;
  return result;
}

export interface FakeClientRequestOptions {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[]>;
  redirect?: RedirectPolicy;
  protocol?: string;
  host?: string;
  hostname?: string;
  port?: number;
  path?: string;
  bypassCustomProtocolHandlers?: boolean;
  [key: string]: unknown;
}

/**
 * `ClientRequest` (docs/api/client-request.md; lib/common/api/net-client-request.ts): a writable
 * whose `end()` starts the request; events 'response', 'redirect', 'login', 'error', 'abort',
 * 'finish', 'close'.
 */
export class FakeClientRequest extends EventEmitter {
  readonly method: string;
  readonly url: string;
  readonly redirectPolicy: RedirectPolicy;
  private readonly headers = new Map<string, { name: string; value: string }>();
  private readonly chunks: Buffer[] = [];
  private started = false;
  private ended = false;
  private aborted = false;
  private closed = false;
  private followRedirectCb: (() => void) | undefined;
  private response: FakeIncomingMessage | undefined;
  private readonly controller = new AbortController();

  constructor(options: FakeClientRequestOptions | string, allowAnyProtocol = false) {
    super();
    const o: FakeClientRequestOptions = typeof options === 'string' ? { url: options } : options;
    let url = o.url;
    if (!url) {
      const base = `${o.protocol ?? 'http:'}//${o.host ?? `${o.hostname ?? 'localhost'}${o.port ? `:${o.port}` : ''}`}`;
      url = new URL(o.path ?? '/', base).href;
    }
    const redirect = o.redirect ?? 'follow';
    if (!['follow', 'error', 'manual'].includes(redirect))
      throw new Error('redirect mode should be one of follow, error or manual');
    const protocol = new URL(url).protocol;
    if (!allowAnyProtocol && protocol !== 'http:' && protocol !== 'https:')
      throw new Error('ClientRequest only supports http: and https: protocols');
    this.url = url;
    this.method = (o.method ?? 'GET').toUpperCase();
    this.redirectPolicy = redirect;
    for (const [name, value] of Object.entries(o.headers ?? {}))
      this.setHeader(name, Array.isArray(value) ? value.join(', ') : value);
  }

  setHeader(name: string, value: string): void {
    if (this.started || this.chunks.length)
      throw new Error("Can't set headers after they are sent");
    this.headers.set(name.toLowerCase(), { name, value: String(value) });
  }
  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.value;
  }
  removeHeader(name: string): void {
    if (this.started || this.chunks.length)
      throw new Error("Can't remove headers after they are sent");
    this.headers.delete(name.toLowerCase());
  }

  write(chunk: string | Buffer): boolean {
    if (this.ended) throw new Error('write after end');
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return true;
  }

  /** Sends the last chunk; 'finish' follows, then the request starts (client-request.md). */
  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.write(chunk);
    this.ended = true;
    queueMicrotask(() => {
      this.emit('finish');
      void this.start();
    });
    return this;
  }

  /** Continues a pending redirect; only during the 'redirect' event (client-request.md). */
  followRedirect(): void {
    if (!this.followRedirectCb)
      throw new Error('followRedirect() called, but was not waiting for a redirect');
    this.followRedirectCb();
  }

  /**
   * Cancels the transaction: 'abort' (next tick) and 'close'; an ongoing response emits
   * 'aborted'. No effect once 'close' was emitted (client-request.md, `request.abort()`).
   */
  abort(): void {
    if (this.closed) return;
    if (!this.aborted) process.nextTick(() => this.emit('abort'));
    this.aborted = true;
    this.controller.abort();
    if (this.response && !this.response.readableEnded) {
      this.response.emit('aborted');
      this.response.destroy();
    }
    this.die();
  }

  getUploadProgress() {
    return { active: false, started: false, current: 0, total: 0 };
  }

  /** 'error' (when there is one), then 'close' as the last event (client-request.md). */
  private die(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (error) this.emit('error', error);
    this.emit('close');
  }

  private record(url: string, method: string): RecordedRequest {
    const entry: RecordedRequest = {
      method,
      url,
      headers: Object.fromEntries([...this.headers.values()].map((h) => [h.name, h.value])),
      redirect: this.redirectPolicy,
    };
    state.requests.push(entry);
    return entry;
  }

  private async start(): Promise<void> {
    this.started = true;
    let url = this.url;
    let method = this.method;
    let body: Buffer | undefined = this.chunks.length ? Buffer.concat(this.chunks) : undefined;
    for (let redirects = 0; !this.aborted; redirects += 1) {
      const entry = this.record(url, method);
      const fault = takeFault(url);
      if (fault) {
        entry.outcome = netError(fault).message;
        return this.die(netError(fault));
      }
      if (redirects > 20) return this.die(netError('ERR_TOO_MANY_REDIRECTS'));
      if (state.proxy && !(await this.proxyLogin(state.proxy))) {
        entry.outcome = 407;
        return this.respond(
          new Response('Proxy Authentication Required', {
            status: 407,
            statusText: 'Proxy Authentication Required',
            headers: {
              'proxy-authenticate': `${state.proxy.authInfo.scheme} realm="${state.proxy.authInfo.realm}"`,
            },
          }),
        );
      }
      if (this.aborted) return;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: [...this.headers.values()].map((h): [string, string] => [h.name, h.value]),
          ...(body && method !== 'GET' && method !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
          signal: this.controller.signal,
        });
      } catch (error) {
        if (this.aborted) return;
        const failure = netError(chromiumName(error));
        entry.outcome = failure.message;
        return this.die(failure);
      }
      entry.outcome = response.status;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        const newUrl = new URL(location, url).href;
        const newMethod =
          (response.status === 303 && method !== 'HEAD') ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
            ? 'GET'
            : method;
        if (!this.redirect(response.status, newMethod, newUrl, response.headers)) return;
        if (newMethod !== method) body = undefined;
        url = newUrl;
        method = newMethod;
        continue;
      }
      return this.respond(response);
    }
  }

  /**
   * The redirect policies of lib/common/api/net-client-request.ts (client-request.md, option
   * `redirect` and event 'redirect'): 'error' fails, 'manual' emits 'redirect' and cancels unless
   * `followRedirect()` was called synchronously, 'follow' emits 'redirect' and goes on.
   */
  private redirect(status: number, method: string, url: string, headers: Headers): boolean {
    if (this.redirectPolicy === 'error') {
      this.die(new Error("Attempted to redirect, but redirect policy was 'error'"));
      return false;
    }
    if (this.redirectPolicy === 'follow') {
      this.followRedirectCb = () => undefined;
      try {
        this.emit('redirect', status, method, url, redirectHeaders(headers));
      } finally {
        this.followRedirectCb = undefined;
      }
      return !this.aborted;
    }
    let followed = false;
    this.followRedirectCb = () => {
      followed = true;
    };
    try {
      this.emit('redirect', status, method, url, redirectHeaders(headers));
    } finally {
      this.followRedirectCb = undefined;
      if (!followed && !this.aborted) this.die(new Error('Redirect was cancelled'));
    }
    return followed && !this.aborted;
  }

  /**
   * An authenticating proxy (client-request.md, event 'login'; net.md: "Support for
   * authenticating proxies"): the request emits 'login' with `authInfo` and a callback. With no
   * listener the challenge is cancelled (net-client-request.ts). Credentials the proxy accepts
   * go into the session's auth cache, so later requests are not asked again; wrong ones make the
   * proxy ask again, as Chromium does, at most three times.
   */
  private async proxyLogin(rule: ProxyRule): Promise<boolean> {
    if (rule.cached) return true;
    for (let attempt = 0; attempt < 3 && !this.aborted; attempt += 1) {
      const answer = await new Promise<[string?, string?]>((resolve) => {
        const callback = (username?: string, password?: string) => resolve([username, password]);
        if (!this.emit('login', { ...rule.authInfo }, callback)) callback();
      });
      const [username, password] = answer;
      if (typeof username !== 'string' || typeof password !== 'string') return false;
      if (username === rule.username && password === rule.password) {
        rule.cached = true;
        return true;
      }
    }
    return false;
  }

  private respond(response: Response): void {
    if (this.aborted) return;
    const message = new FakeIncomingMessage(
      response.status,
      response.statusText,
      incomingHeaders(response.headers),
    );
    this.response = message;
    this.emit('response', message);
    void (async () => {
      try {
        if (response.body) {
          for await (const chunk of response.body) {
            if (this.aborted) return;
            message.push(Buffer.from(chunk));
          }
        }
        message.push(null);
        message.once('end', () => this.die());
      } catch (error) {
        if (this.aborted) return;
        // incoming-message.md 'error': the connection closed while the body was streaming;
        // 'close' follows on the request.
        message.destroy(netError(chromiumName(error)));
        this.die();
      }
    })();
  }
}

/**
 * `net.fetch` as Electron implements it (lib/browser/api/net-fetch.ts, `fetchWithSession`): a
 * `ClientRequest` with the Request's method, headers and redirect mode; its 'error' rejects the
 * promise with that error as it is; an aborted signal rejects with the signal's reason. So with
 * `redirect: 'manual'` a redirect rejects with "Redirect was cancelled" (no 'redirect' listener
 * calls `followRedirect()`), and a proxy's 'login' has no listener here, so it is cancelled.
 */
function fetchWithSession(
  input: string | Request,
  init: (RequestInit & { bypassCustomProtocolHandlers?: boolean }) | undefined,
): Promise<Response> {
  let request: Request;
  try {
    request = new Request(input, init);
  } catch (error) {
    return Promise.reject(error);
  }
  const protocol = new URL(request.url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    // Not modelled: custom protocols and file: (net.md). The fake refuses them by name.
    return Promise.reject(netError('ERR_UNKNOWN_URL_SCHEME'));
  if (request.signal.aborted)
    return Promise.reject(
      request.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'),
    );
  return new Promise<Response>((resolve, reject) => {
    const r = new FakeClientRequest(
      {
        method: request.method,
        url: request.url,
        redirect: request.redirect as RedirectPolicy,
      },
      true,
    );
    request.signal.addEventListener(
      'abort',
      () => {
        reject(
          request.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'),
        );
        r.abort();
      },
      { once: true },
    );
    for (const [name, value] of request.headers) r.setHeader(name, value);
    r.on('response', (response: FakeIncomingMessage) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const nullBody =
        [101, 204, 205, 304].includes(response.statusCode) || request.method === 'HEAD';
      resolve(
        new Response(nullBody ? null : (Readable.toWeb(response) as ReadableStream), {
          status: response.statusCode,
          statusText: response.statusMessage,
          headers,
        }),
      );
    });
    r.on('error', reject);
    void request
      .arrayBuffer()
      .then((body) => (body.byteLength ? r.end(Buffer.from(body)) : r.end()), reject);
  });
}

/** `net` (docs/api/net.md), plus the test switches. */
export const net = {
  online: true,
  isOnline: () => net.online,
  /**
   * `net.request(options)`: a `ClientRequest`. "The `net` API can be used only after the
   * application emits the `ready` event" (net.md; lib/browser/api/net.ts throws).
   */
  request(options: FakeClientRequestOptions | string): FakeClientRequest {
    const ready = (app as { isReady?: () => boolean }).isReady;
    if (ready && !ready()) throw new Error('net module can only be used after app is ready');
    return new FakeClientRequest(options);
  },
  /** `net.fetch(input, init)`: Electron's fetch over `ClientRequest` (see `fetchWithSession`). */
  fetch: (
    input: string | Request,
    init?: RequestInit & { bypassCustomProtocolHandlers?: boolean },
  ): Promise<Response> => fetchWithSession(input, init),

  // ---- test switches ----

  /**
   * The next `count` requests (default 1), or those whose URL starts with / matches `url`, fail
   * as Chromium fails them: `Error('net::ERR_…')`.
   */
  failNext(error: string, options: { count?: number; url?: string | RegExp } = {}): void {
    state.faults.push({
      error,
      remaining: options.count ?? 1,
      ...(options.url !== undefined ? { url: options.url } : {}),
    });
  },
  /** Puts an authenticating proxy in front of every request (undefined removes it). */
  requireProxyCredentials(
    proxy:
      | {
          host: string;
          port: number;
          realm?: string;
          scheme?: string;
          username: string;
          password: string;
        }
      | undefined,
  ): void {
    state.proxy = proxy && {
      authInfo: {
        isProxy: true,
        scheme: proxy.scheme ?? 'basic',
        host: proxy.host,
        port: proxy.port,
        realm: proxy.realm ?? '',
      },
      username: proxy.username,
      password: proxy.password,
      cached: false,
    };
  },
  /** Every request the fake saw, in order. */
  requests: state.requests,
  /** Clears faults, the proxy and the record. */
  reset(): void {
    state.faults.length = 0;
    state.proxy = undefined;
    state.requests.length = 0;
  },
};
