import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { aadstsHint, entraErrorCodes } from '../../app/errors/aadsts-hints';
import { parseRetryAfter, toTokenDockError } from '../../app/errors/translate';
import { TokenDockError } from '../../app/errors/tokendock-error';

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
