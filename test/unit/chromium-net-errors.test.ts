import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import {
  chromiumNetErrorName,
  classifyChromiumNetError,
} from '../../app/errors/chromium-net-errors';
import { TRANSIENT_CODES } from '../../app/errors/error-codes';
import { toTokenDockError } from '../../app/errors/translate';

/**
 * Electron's net module fails with `new Error('net::ERR_…')` (lib/common/api/net-client-request.ts)
 * and openid-client wraps what a fetch throws as the cause of `ClientError('something went
 * wrong')`. The engine must classify by the Chromium name, so that a network blip is transient.
 */
const electronFailure = (name: string) => new Error(`net::${name}`);
const asOpenIdClientThrowsIt = (cause: unknown) =>
  new oidc.ClientError('something went wrong', { cause });

describe('Chromium network errors (the table)', () => {
  it.each([
    ['ERR_INTERNET_DISCONNECTED', 'network'],
    ['ERR_NAME_NOT_RESOLVED', 'network'],
    ['ERR_NAME_RESOLUTION_FAILED', 'network'],
    ['ERR_NETWORK_CHANGED', 'network'],
    ['ERR_NETWORK_IO_SUSPENDED', 'network'],
    ['ERR_ADDRESS_UNREACHABLE', 'network'],
    ['ERR_CONNECTION_REFUSED', 'network'],
    ['ERR_CONNECTION_RESET', 'network'],
    ['ERR_CONNECTION_CLOSED', 'network'],
    ['ERR_EMPTY_RESPONSE', 'network'],
    ['ERR_PROXY_CONNECTION_FAILED', 'network'],
    ['ERR_TUNNEL_CONNECTION_FAILED', 'network'],
    ['ERR_MANDATORY_PROXY_CONFIGURATION_FAILED', 'network'],
    ['ERR_PAC_SCRIPT_FAILED', 'network'],
    ['ERR_PROXY_AUTH_REQUESTED', 'network'],
    ['ERR_DNS_SERVER_FAILED', 'network'],
    ['ERR_HTTP2_PROTOCOL_ERROR', 'network'],
    ['ERR_TIMED_OUT', 'timeout'],
    ['ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['ERR_DNS_TIMED_OUT', 'timeout'],
    ['ERR_ABORTED', 'cancelled'],
    ['ERR_CERT_AUTHORITY_INVALID', 'tls_failed'],
    ['ERR_CERT_COMMON_NAME_INVALID', 'tls_failed'],
    ['ERR_CERT_DATE_INVALID', 'tls_failed'],
    ['ERR_CERT_REVOKED', 'tls_failed'],
    ['ERR_CERT_WEAK_KEY', 'tls_failed'],
    ['ERR_CERT_KNOWN_INTERCEPTION_BLOCKED', 'tls_failed'],
    ['ERR_SSL_PROTOCOL_ERROR', 'tls_failed'],
    ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'tls_failed'],
    ['ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN', 'tls_failed'],
    ['ERR_PROXY_CERTIFICATE_INVALID', 'tls_failed'],
    ['ERR_TLS13_DOWNGRADE_DETECTED', 'tls_failed'],
    ['ERR_INVALID_RESPONSE', 'malformed_response'],
    ['ERR_UNSAFE_PORT', 'invalid_configuration'],
    // Changes of the certificate store are not certificate failures: retry.
    ['ERR_CERT_DATABASE_CHANGED', 'network'],
  ])('%s → %s, through openid-client and the translation', (name, code) => {
    expect(classifyChromiumNetError(name)?.code).toBe(code);
    const translated = toTokenDockError(asOpenIdClientThrowsIt(electronFailure(name)), 'Refresh');
    expect(translated.code).toBe(code);
    expect(translated.message).toContain(`net::${name}`);
  });

  it('leaves names it does not know unclassified, and the translation names them', () => {
    expect(classifyChromiumNetError('ERR_FAILED')).toBeUndefined();
    expect(classifyChromiumNetError('ERR_BLOCKED_BY_CLIENT')).toBeUndefined();
    const translated = toTokenDockError(electronFailure('ERR_BLOCKED_BY_CLIENT'), 'Refresh');
    expect(translated.code).toBe('unexpected');
    expect(translated.message).toContain('net::ERR_BLOCKED_BY_CLIENT');
  });

  it('reads the name only from a message that is exactly a Chromium error name', () => {
    expect(chromiumNetErrorName(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe(
      'ERR_INTERNET_DISCONNECTED',
    );
    expect(chromiumNetErrorName(asOpenIdClientThrowsIt(new Error('net::ERR_TIMED_OUT')))).toBe(
      'ERR_TIMED_OUT',
    );
    for (const message of [
      'net::ERR_INTERNET_DISCONNECTED (while refreshing)',
      'failed: net::ERR_INTERNET_DISCONNECTED',
      ' net::ERR_INTERNET_DISCONNECTED',
      'net::err_internet_disconnected',
      'net::ERR_',
      'ERR_INTERNET_DISCONNECTED',
      'Redirect was cancelled',
    ])
      expect(chromiumNetErrorName(new Error(message)), message).toBeUndefined();
    // Not an Error: nothing to read.
    expect(chromiumNetErrorName('net::ERR_INTERNET_DISCONNECTED')).toBeUndefined();
    // A cause loop ends.
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(chromiumNetErrorName(a)).toBeUndefined();
  });

  it('keeps network and timeout transient, and certificate failures not (no retry storm)', () => {
    expect(TRANSIENT_CODES.has('network')).toBe(true);
    expect(TRANSIENT_CODES.has('timeout')).toBe(true);
    expect(TRANSIENT_CODES.has('tls_failed')).toBe(false);
    expect(TRANSIENT_CODES.has('cancelled')).toBe(false);
  });

  it('gives certificate failures a hint about TLS-inspecting proxies and Wi-Fi sign-in pages', () => {
    const error = toTokenDockError(
      asOpenIdClientThrowsIt(electronFailure('ERR_CERT_AUTHORITY_INVALID')),
      'Refresh',
    );
    expect(error.hint).toMatch(/TLS-inspecting proxy/);
    expect(error.hint).toMatch(/root certificate/);
    expect(error.hint).toMatch(/Wi-Fi/);
    const clock = toTokenDockError(electronFailure('ERR_CERT_DATE_INVALID'), 'Refresh');
    expect(clock.hint).toMatch(/date and time/);
    const proxy = toTokenDockError(electronFailure('ERR_PROXY_CONNECTION_FAILED'), 'Refresh');
    expect(proxy.hint).toMatch(/proxy/);
  });

  it('still reads Node fetch failures (the headless host) as before', () => {
    const node = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(toTokenDockError(asOpenIdClientThrowsIt(node), 'Refresh').code).toBe('network');
  });

  it('reads a proxy’s 407 as a network failure with a proxy hint', () => {
    const response = new Response('Proxy Authentication Required', {
      status: 407,
      headers: { 'content-type': 'text/plain' },
    });
    const error = toTokenDockError(
      // openid-client's shape: ClientError(message, { cause, code }).
      new oidc.ClientError('unexpected HTTP response status code', {
        cause: response,
        code: 'OAUTH_RESPONSE_IS_NOT_CONFORM',
      } as ErrorOptions),
      'Refresh',
    );
    expect(error.code).toBe('network');
    expect(error.httpStatus).toBe(407);
    expect(error.hint).toMatch(/proxy/);
  });
});
