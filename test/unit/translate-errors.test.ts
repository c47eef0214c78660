import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aadstsHint, entraErrorCodes } from '../../app/errors/aadsts-hints';
import { TRANSIENT_CODES } from '../../app/errors/error-codes';
import {
  parseRetryAfter,
  toTokenDockError,
  toTokenDockErrorWithBody,
} from '../../app/errors/translate';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { connect } from '../../app/flows/connect';

const bodyError = (
  body: Record<string, unknown>,
  status: number,
  headers: Record<string, string> = {},
) =>
  new oidc.ResponseBodyError('server responded with an error in the response body', {
    cause: body as never,
    response: new Response(null, { status, headers }),
  });

describe('toTokenDockError', () => {
  it('keeps the provider error, description and status', () => {
    const error = toTokenDockError(
      bodyError({ error: 'invalid_grant', error_description: 'grant request is invalid' }, 400),
    );
    expect(error.toInfo()).toEqual({
      code: 'invalid_grant',
      message: 'invalid_grant: grant request is invalid',
      hint: 'The grant is no longer valid. Sign in again.',
      providerError: 'invalid_grant',
      providerErrorDescription: 'grant request is invalid',
      httpStatus: 400,
    });
  });

  it('reads Retry-After on 429 and calls it rate_limited', () => {
    const error = toTokenDockError(
      bodyError({ error: 'temporarily_unavailable' }, 429, { 'retry-after': '7' }),
    );
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('maps Entra device-flow words to the standard codes', () => {
    expect(toTokenDockError(bodyError({ error: 'authorization_declined' }, 400)).code).toBe(
      'access_denied',
    );
    expect(toTokenDockError(bodyError({ error: 'code_expired' }, 400)).code).toBe('expired_token');
    expect(toTokenDockError(bodyError({ error: 'something_new' }, 400)).code).toBe(
      'provider_error',
    );
  });

  it('reads an error redirect (RFC 6749 §4.1.2.1)', () => {
    const error = toTokenDockError(
      new oidc.AuthorizationResponseError('authorization response from the server is an error', {
        cause: new URLSearchParams({
          error: 'access_denied',
          error_description: 'The user declined',
        }),
      }),
    );
    expect(error.code).toBe('access_denied');
    expect(error.providerErrorDescription).toBe('The user declined');
  });

  it('recognises network failures and timeouts', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    expect(toTokenDockError(refused).toInfo()).toMatchObject({
      code: 'network',
      message: 'Could not reach the provider (ECONNREFUSED).',
    });
    expect(toTokenDockError(new DOMException('The operation timed out', 'TimeoutError')).code).toBe(
      'timeout',
    );
    expect(toTokenDockError(new DOMException('aborted', 'AbortError')).code).toBe('cancelled');
  });

  it('passes a TokenDockError through and wraps the unknown', () => {
    const original = new TokenDockError({ code: 'window_closed', message: 'closed' });
    expect(toTokenDockError(original)).toBe(original);
    expect(toTokenDockError(new Error('boom'), 'Refresh').toInfo()).toMatchObject({
      code: 'unexpected',
      message: 'Refresh failed: boom.',
    });
  });
});

describe('Entra error codes and hints', () => {
  it.each([50034, 50076, 50079, 50126, 50173, 53003, 65001, 70043, 700016, 700082, 7000215, 90002])(
    'has a hint for AADSTS%i',
    (code) => {
      expect(aadstsHint(code)).toMatch(/\w{3,}/);
    },
  );

  it('reads codes from error_codes, else from the description', () => {
    expect(entraErrorCodes({ error_codes: [50126, 'x'] })).toEqual([50126]);
    expect(
      entraErrorCodes({ error_description: 'AADSTS700016: not found. AADSTS90002: also' }),
    ).toEqual([700016, 90002]);
    expect(entraErrorCodes({})).toEqual([]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates (RFC 9110 §10.2.3)', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

/**
 * A provider double on 127.0.0.1 that answers each shape as the providers and proxies of issue 11
 * do, so the errors are the ones openid-client really throws (a `WWWAuthenticateChallengeError`
 * whose body is unread, a `ClientError` around a 5xx `Response`…), not hand-made imitations.
 */
describe('error responses as providers and proxies really send them (issue 11)', () => {
  type Shape = {
    status: number;
    headers?: Record<string, string>;
    body?: string;
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Shape => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const htmlPage = '<!DOCTYPE html><html><body><h1>Access denied</h1></body></html>';
  const shapes: Record<string, Shape> = {
    basic401json: json(
      401,
      { error: 'invalid_client', error_description: 'client authentication failed' },
      { 'www-authenticate': 'Basic realm="provider", charset="UTF-8"' },
    ),
    basic401empty: { status: 401, headers: { 'www-authenticate': 'Basic realm="provider"' } },
    empty401: { status: 401 },
    empty403: { status: 403 },
    html403: { status: 403, headers: { 'content-type': 'text/html' }, body: htmlPage },
    oauth500: json(500, { error: 'invalid_request', error_description: 'scope is malformed' }),
    server500: json(500, { error: 'server_error', error_description: 'database down' }),
    odd500: json(500, { error: 'internal_failure' }),
    busy503: json(503, { error: 'temporarily_unavailable' }, { 'retry-after': '9' }),
    transient401: json(401, { error: 'temporarily_unavailable' }),
    json403: json(403, { message: 'Forbidden' }),
    bearer401: { status: 401, headers: { 'www-authenticate': 'Bearer realm="api"' } },
    portal200: { status: 200, headers: { 'content-type': 'text/html' }, body: htmlPage },
    // Discovery answers.
    'html403/.well-known/openid-configuration': {
      status: 403,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: htmlPage,
    },
    'empty403/.well-known/openid-configuration': { status: 403 },
    'notmetadata/.well-known/openid-configuration': json(200, { hello: 'world' }),
    'other/.well-known/openid-configuration': json(200, {
      issuer: 'https://elsewhere.example',
      token_endpoint: 'https://elsewhere.example/token',
    }),
    'missing/.well-known/openid-configuration': { status: 404 },
  };
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/huge500') {
        // An OAuth error padded past the 64 KiB that are read: judged by its status alone.
        const padding = 'x'.repeat(200 * 1024);
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ padding, error: 'invalid_request' }));
      }
      if (req.url === '/stalled500') {
        // Headers, the start of a body, and then nothing (openid-client leaves a 5xx body unread).
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.write('{"error":');
      }
      const shape = shapes[(req.url ?? '/').slice(1)];
      if (!shape) return void res.writeHead(500).end();
      res.writeHead(shape.status, shape.headers ?? {}).end(shape.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  /** What openid-client throws for a client-credentials grant that meets `shape`. */
  async function thrownAt(shape: string): Promise<unknown> {
    const config = new oidc.Configuration(
      { issuer: base, token_endpoint: `${base}/${shape}` },
      'client-1',
      undefined,
      oidc.ClientSecretBasic('s3cret'),
    );
    oidc.allowInsecureRequests(config);
    return oidc.clientCredentialsGrant(config, { scope: 'api' }).then(
      () => expect.unreachable('the grant succeeded'),
      (error: unknown) => error,
    );
  }
  /** As the engine sees it: `completeGrant` translates with `toTokenDockErrorWithBody`. */
  const engineSees = async (shape: string) =>
    toTokenDockErrorWithBody(await thrownAt(shape), 'Client credentials');

  it('401 + WWW-Authenticate: Basic + {"error":"invalid_client"}: the body is read', async () => {
    const thrown = await thrownAt('basic401json');
    expect(thrown).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    const error = await toTokenDockErrorWithBody(thrown, 'Client credentials');
    expect(error.toInfo()).toMatchObject({
      code: 'invalid_client',
      message: 'invalid_client: client authentication failed',
      providerError: 'invalid_client',
      providerErrorDescription: 'client authentication failed',
      httpStatus: 401,
    });
    expect(error.hint).toMatch(/client id and its credentials/);
    expect(TRANSIENT_CODES.has(error.code)).toBe(false);
  });

  it('a 401 challenge whose body nobody could read is still invalid_client, not "an error"', async () => {
    // toTokenDockError without reading: refresh-service and other synchronous callers.
    const unread = toTokenDockError(await thrownAt('basic401json'));
    expect(unread.code).toBe('invalid_client');
    expect(unread.message).not.toMatch(/an error/);
    const empty = await engineSees('basic401empty');
    expect(empty.code).toBe('invalid_client');
    expect(empty.message).toMatch(/HTTP 401 with an empty body/);
  });

  it('an empty 401 is invalid_client (not retried), hinted at the credentials', async () => {
    const error = await engineSees('empty401');
    expect(error.toInfo()).toMatchObject({ code: 'invalid_client', httpStatus: 401 });
    expect(TRANSIENT_CODES.has(error.code)).toBe(false);
    expect(error.hint).toMatch(/credentials/);
    expect(error.hint).not.toMatch(/authority URL/);
  });

  it('an empty 403 is provider_error (not retried), hinted at the registration', async () => {
    const error = await engineSees('empty403');
    expect(error.toInfo()).toMatchObject({ code: 'provider_error', httpStatus: 403 });
    expect(error.message).toMatch(/HTTP 403 with an empty body/);
    expect(TRANSIENT_CODES.has(error.code)).toBe(false);
    expect(error.hint).toMatch(/registration/);
    const other = await engineSees('json403');
    expect(other.code).toBe('provider_error');
    expect(other.message).toMatch(/JSON body that is not an OAuth error/);
  });

  it('an HTML 403 is a web page in the way (proxy, firewall), not retried', async () => {
    const error = await engineSees('html403');
    expect(error.toInfo()).toMatchObject({ code: 'provider_error', httpStatus: 403 });
    expect(error.message).toMatch(/HTML page/);
    expect(error.hint).toMatch(/proxy, a firewall or a Wi-Fi sign-in page/);
  });

  it('never gives 401/403 a transient code, whatever word came with it', async () => {
    const error = await engineSees('transient401');
    expect(error.code).toBe('invalid_client');
    expect(error.providerError).toBe('temporarily_unavailable');
  });

  it("a 500 with an OAuth error is the provider's error, description kept", async () => {
    const error = await engineSees('oauth500');
    expect(error.toInfo()).toMatchObject({
      code: 'invalid_request',
      message: 'invalid_request: scope is malformed',
      providerError: 'invalid_request',
      providerErrorDescription: 'scope is malformed',
      httpStatus: 500,
    });
    expect(error.message).not.toMatch(/instead of an OAuth response/);
    expect(TRANSIENT_CODES.has(error.code)).toBe(false);
  });

  it('5xx with server_error / temporarily_unavailable (or an unknown word) stay transient', async () => {
    const server = await engineSees('server500');
    expect(server.toInfo()).toMatchObject({
      code: 'server_error',
      providerErrorDescription: 'database down',
    });
    const busy = await engineSees('busy503');
    expect(busy.toInfo()).toMatchObject({
      code: 'temporarily_unavailable',
      retryAfterSeconds: 9,
    });
    const odd = await engineSees('odd500');
    expect(odd.toInfo()).toMatchObject({ code: 'server_error', providerError: 'internal_failure' });
    for (const error of [server, busy, odd]) expect(TRANSIENT_CODES.has(error.code)).toBe(true);
  });

  it('reads at most 64 KiB of a body, and waits at most 5 s for it', async () => {
    const huge = await engineSees('huge500');
    expect(huge.toInfo()).toMatchObject({ code: 'server_error', httpStatus: 500 });
    expect(huge.providerError).toBeUndefined();
    const thrown = await thrownAt('stalled500');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const translating = toTokenDockErrorWithBody(thrown);
      await vi.advanceTimersByTimeAsync(5_000);
      const stalled = await translating;
      expect(stalled.toInfo()).toMatchObject({ code: 'server_error', httpStatus: 500 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a Bearer challenge refuses the access token, not the client', async () => {
    const error = await engineSees('bearer401');
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/access token/);
  });

  it('a web page with status 200 is named as one', async () => {
    const error = await engineSees('portal200');
    expect(error.code).toBe('malformed_response');
    expect(error.hint).toMatch(/proxy, a firewall or a Wi-Fi sign-in page/);
  });

  describe('discovery hints name the cause', () => {
    const discover = (path: string) =>
      connect(
        { kind: 'oidc', issuer: `${base}/${path}` },
        { clientId: 'c', credential: { kind: 'none' } },
        { fetch: globalThis.fetch },
      ).then(
        () => expect.unreachable('discovery succeeded'),
        (error: unknown) => error as TokenDockError,
      );

    it('an HTML 403 from a proxy: a web page in the way, not the issuer URL', async () => {
      const error = await discover('html403');
      expect(error.toInfo()).toMatchObject({ code: 'discovery_failed', httpStatus: 403 });
      expect(error.hint).toMatch(/web page answered \(HTTP 403\)/);
      expect(error.hint).toMatch(/proxy/);
      expect(error.hint).not.toMatch(/Check the issuer URL/);
    });

    it('an empty 403: refused, proxy first, then the issuer URL', async () => {
      const error = await discover('empty403');
      expect(error.hint).toMatch(/refused \(HTTP 403\).*proxy/);
    });

    it('JSON that is not provider metadata: the issuer URL', async () => {
      const error = await discover('notmetadata');
      expect(error.code).toBe('discovery_failed');
      expect(error.hint).toMatch(/not OpenID provider metadata\. Check the issuer URL/);
    });

    it('metadata of another issuer: the issuer URL', async () => {
      const error = await discover('other');
      expect(error.hint).toMatch(/names another issuer\. Check the issuer URL/);
    });

    it('nothing there (404): the issuer URL', async () => {
      const error = await discover('missing');
      expect(error.hint).toMatch(/Nothing is published at this URL\. Check the issuer URL/);
    });
  });
});
