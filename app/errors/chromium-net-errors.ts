import type { ErrorCode } from './error-codes';

/**
 * Chromium's network errors, as Electron's `net` reports them.
 *
 * Electron's `net.fetch` and `net.request` fail with a plain `Error` whose message is Chromium's
 * error name and nothing else: `new Error(netErrorString)` in Electron's
 * `lib/common/api/net-client-request.ts`, where the string is `net::ErrorToString(code)`, i.e.
 * `"net::" + "ERR_" + label` from Chromium's `net/base/net_error_list.h`. No `code` property, no
 * `cause`, no `TypeError` as Node's fetch gives. The message is therefore an error *code* carried in
 * a message, the only form Electron gives, and it is read with an exact match of the whole message
 * (`^net::(ERR_[A-Z0-9_]+)$`), never by searching prose.
 */
const CHROMIUM_NET_ERROR = /^net::(ERR_[A-Z0-9_]+)$/;

/** What a Chromium network error means to the engine. */
export interface NetErrorClass {
  /**
   * `network` and `timeout` are transient (the refresh backs off and retries), `tls_failed` and
   * `invalid_configuration` need a person, `cancelled` is someone's decision,
   * `malformed_response` is the provider's transient fault.
   */
  code: Extract<
    ErrorCode,
    | 'network'
    | 'timeout'
    | 'tls_failed'
    | 'cancelled'
    | 'malformed_response'
    | 'invalid_configuration'
  >;
  /** A few words on what happened, for the message. */
  what: string;
  /** A hint for people, when the code's own hint is not the best one. */
  hint?: string;
}

const PROXY_HINT =
  'Check the proxy: its address, whether it is running, and the system proxy settings (PAC). ' +
  'TOKENDOCK_PROXY overrides them.';
const PROXY_AUTH_HINT =
  'The proxy refused the credentials it was given. Check the user name and password (or the ' +
  'Kerberos/NTLM sign-in of this computer), then refresh.';
const DNS_HINT =
  'Check the network connection and the authority URL: its host name did not resolve.';
const OFFLINE_HINT = 'This computer is offline. TokenDock retries when the network is back.';
/**
 * Certificate failures. The commonest cause at work is a TLS-inspecting proxy whose root
 * certificate this computer does not trust; at a hotel or airport, a Wi-Fi sign-in page that
 * intercepts https. Retrying does not change the certificate, so these are not retried: the
 * person fixes the cause and presses "Refresh now".
 */
const INTERCEPTION_HINT =
  'The connection presented a certificate this computer does not trust. On a company network a ' +
  'TLS-inspecting proxy is the usual cause: install your organisation’s root certificate in the ' +
  'operating system’s certificate store (TokenDock uses it, as Chrome does). On public Wi-Fi, sign ' +
  'in to the network’s page first. Then refresh.';
const NAME_MISMATCH_HINT =
  'The certificate is for another host: a Wi-Fi sign-in page or a TLS-inspecting proxy answered ' +
  'instead of the provider, or the authority URL names the wrong host. Then refresh.';
const CLOCK_HINT =
  'The certificate looks expired or not yet valid: check this computer’s date and time, then ' +
  'refresh. (A TLS-inspecting proxy with an old certificate does the same.)';
const TLS_HINT =
  'The secure connection could not be set up. A TLS-inspecting proxy or an old server is the ' +
  'usual cause; ask your network administrators, then refresh.';
const CLIENT_CERT_HINT =
  'The server asks for a client certificate (mutual TLS), which TokenDock does not send.';

const network = (what: string, hint?: string): NetErrorClass => ({
  code: 'network',
  what,
  ...(hint ? { hint } : {}),
});
const tls = (what: string, hint = TLS_HINT): NetErrorClass => ({ code: 'tls_failed', what, hint });

/**
 * The table, by name (`net/base/net_error_list.h`, Chromium's list; each name keeps its number
 * there). Names not listed fall to the prefix rules of `classifyChromiumNetError` or stay
 * `unexpected`.
 */
const TABLE: ReadonlyMap<string, NetErrorClass> = new Map<string, NetErrorClass>([
  // -7 / -118 / -803: timeouts.
  ['ERR_TIMED_OUT', { code: 'timeout', what: 'the connection timed out' }],
  ['ERR_CONNECTION_TIMED_OUT', { code: 'timeout', what: 'the connection attempt timed out' }],
  ['ERR_DNS_TIMED_OUT', { code: 'timeout', what: 'the name lookup timed out' }],
  // -3: cancelled (by the request's owner, or by Chromium for it).
  ['ERR_ABORTED', { code: 'cancelled', what: 'the request was aborted' }],
  // No network, or it changed under the request (resume from sleep, Wi-Fi switch).
  ['ERR_INTERNET_DISCONNECTED', network('no internet connection', OFFLINE_HINT)],
  ['ERR_NETWORK_CHANGED', network('the network changed during the request')],
  ['ERR_NETWORK_IO_SUSPENDED', network('network access is suspended (sleep)')],
  ['ERR_ADDRESS_UNREACHABLE', network('the address is unreachable')],
  ['ERR_NETWORK_ACCESS_DENIED', network('network access was denied (a firewall?)')],
  // DNS.
  ['ERR_NAME_NOT_RESOLVED', network('the host name did not resolve', DNS_HINT)],
  ['ERR_NAME_RESOLUTION_FAILED', network('the name lookup failed', DNS_HINT)],
  ['ERR_DNS_SERVER_FAILED', network('the DNS server failed', DNS_HINT)],
  ['ERR_DNS_MALFORMED_RESPONSE', network('the DNS server answered nonsense', DNS_HINT)],
  ['ERR_DNS_SEARCH_EMPTY', network('the host name did not resolve', DNS_HINT)],
  ['ERR_DNS_REQUEST_CANCELLED', network('the name lookup was cancelled')],
  [
    'ERR_DNS_SECURE_RESOLVER_HOSTNAME_RESOLUTION_FAILED',
    network('the secure DNS resolver could not be reached', DNS_HINT),
  ],
  // Connections.
  ['ERR_CONNECTION_REFUSED', network('the connection was refused')],
  ['ERR_CONNECTION_RESET', network('the connection was reset')],
  ['ERR_CONNECTION_CLOSED', network('the connection was closed')],
  ['ERR_CONNECTION_ABORTED', network('the connection was aborted')],
  ['ERR_CONNECTION_FAILED', network('the connection failed')],
  ['ERR_SOCKET_NOT_CONNECTED', network('the socket is not connected')],
  ['ERR_EMPTY_RESPONSE', network('the server closed the connection without an answer')],
  ['ERR_CONTENT_LENGTH_MISMATCH', network('the answer was cut short')],
  ['ERR_INCOMPLETE_CHUNKED_ENCODING', network('the answer was cut short')],
  ['ERR_HTTP2_PROTOCOL_ERROR', network('an HTTP/2 error ended the connection')],
  ['ERR_HTTP2_PING_FAILED', network('the HTTP/2 connection stopped answering')],
  ['ERR_HTTP2_SERVER_REFUSED_STREAM', network('the server refused the HTTP/2 stream')],
  ['ERR_QUIC_PROTOCOL_ERROR', network('a QUIC error ended the connection')],
  ['ERR_QUIC_HANDSHAKE_FAILED', network('the QUIC handshake failed')],
  ['ERR_TEMPORARILY_THROTTLED', network('Chromium throttled the request')],
  ['ERR_CERT_DATABASE_CHANGED', network('the certificate store changed during the request')],
  ['ERR_CERT_VERIFIER_CHANGED', network('the certificate verifier changed during the request')],
  // Proxies (system settings, PAC, or TOKENDOCK_PROXY).
  ['ERR_PROXY_CONNECTION_FAILED', network('the proxy could not be reached', PROXY_HINT)],
  ['ERR_TUNNEL_CONNECTION_FAILED', network('the proxy did not open a tunnel', PROXY_HINT)],
  ['ERR_SOCKS_CONNECTION_FAILED', network('the SOCKS proxy could not be reached', PROXY_HINT)],
  [
    'ERR_SOCKS_CONNECTION_HOST_UNREACHABLE',
    network('the SOCKS proxy could not reach the provider', PROXY_HINT),
  ],
  [
    'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED',
    network('the proxy configuration (PAC) could not be used', PROXY_HINT),
  ],
  ['ERR_PAC_SCRIPT_FAILED', network('the proxy script (PAC) failed', PROXY_HINT)],
  ['ERR_PAC_SCRIPT_TERMINATED', network('the proxy script (PAC) stopped', PROXY_HINT)],
  ['ERR_NO_SUPPORTED_PROXIES', network('no usable proxy in the configuration', PROXY_HINT)],
  ['ERR_PROXY_HTTP_1_1_REQUIRED', network('the proxy requires HTTP/1.1', PROXY_HINT)],
  [
    'ERR_HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT',
    network('the proxy redirected the tunnel (a proxy sign-in page?)', PROXY_HINT),
  ],
  ['ERR_PROXY_AUTH_REQUESTED', network('the proxy asks for credentials', PROXY_AUTH_HINT)],
  [
    'ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION',
    network('the proxy asks for credentials', PROXY_AUTH_HINT),
  ],
  [
    'ERR_PROXY_AUTH_UNSUPPORTED',
    network('the proxy asks for an unsupported kind of sign-in', PROXY_AUTH_HINT),
  ],
  ['ERR_UNEXPECTED_PROXY_AUTH', network('a proxy asked for credentials unexpectedly', PROXY_HINT)],
  ['ERR_INVALID_AUTH_CREDENTIALS', network('the proxy sign-in failed', PROXY_AUTH_HINT)],
  ['ERR_MISSING_AUTH_CREDENTIALS', network('no credentials for the proxy', PROXY_AUTH_HINT)],
  ['ERR_UNSUPPORTED_AUTH_SCHEME', network('the proxy sign-in is not supported', PROXY_AUTH_HINT)],
  [
    'ERR_MISCONFIGURED_AUTH_ENVIRONMENT',
    network('the proxy sign-in (Kerberos) is not set up', PROXY_AUTH_HINT),
  ],
  // TLS: certificates and handshakes (ERR_CERT_* and ERR_SSL_* not listed here: see below).
  ['ERR_CERT_AUTHORITY_INVALID', tls('the certificate is not trusted', INTERCEPTION_HINT)],
  [
    'ERR_CERT_KNOWN_INTERCEPTION_BLOCKED',
    tls('the certificate belongs to a known interception product', INTERCEPTION_HINT),
  ],
  [
    'ERR_PROXY_CERTIFICATE_INVALID',
    tls('the proxy’s certificate is not trusted', INTERCEPTION_HINT),
  ],
  [
    'ERR_TLS13_DOWNGRADE_DETECTED',
    tls('a middlebox downgraded the TLS connection', INTERCEPTION_HINT),
  ],
  ['ERR_CERT_COMMON_NAME_INVALID', tls('the certificate is for another host', NAME_MISMATCH_HINT)],
  ['ERR_CERT_DATE_INVALID', tls('the certificate is expired or not yet valid', CLOCK_HINT)],
  [
    'ERR_SSL_CLIENT_AUTH_CERT_NEEDED',
    tls('the server asks for a client certificate', CLIENT_CERT_HINT),
  ],
  [
    'ERR_BAD_SSL_CLIENT_AUTH_CERT',
    tls('the server refused the client certificate', CLIENT_CERT_HINT),
  ],
  ['ERR_CERTIFICATE_TRANSPARENCY_REQUIRED', tls('the certificate is not publicly logged')],
  ['ERR_INSECURE_RESPONSE', tls('the answer came over an untrusted connection')],
  ['ERR_ECH_NOT_NEGOTIATED', tls('the encrypted TLS handshake failed')],
  ['ERR_ECH_FALLBACK_CERTIFICATE_INVALID', tls('the encrypted TLS handshake failed')],
  ['ERR_QUIC_CERT_ROOT_NOT_KNOWN', tls('the certificate is not trusted', INTERCEPTION_HINT)],
  // The provider's answer could not be read: transient, like a malformed OAuth response.
  ['ERR_INVALID_RESPONSE', { code: 'malformed_response', what: 'the answer was not valid HTTP' }],
  [
    'ERR_INVALID_HTTP_RESPONSE',
    { code: 'malformed_response', what: 'the answer was not valid HTTP' },
  ],
  [
    'ERR_RESPONSE_HEADERS_TRUNCATED',
    { code: 'malformed_response', what: 'the answer’s headers were cut short' },
  ],
  [
    'ERR_CONTENT_DECODING_FAILED',
    { code: 'malformed_response', what: 'the answer could not be decompressed' },
  ],
  // The request itself cannot be made: a setting to fix.
  ['ERR_INVALID_URL', { code: 'invalid_configuration', what: 'the URL is not valid' }],
  ['ERR_UNSAFE_PORT', { code: 'invalid_configuration', what: 'Chromium refuses this port' }],
  [
    'ERR_DISALLOWED_URL_SCHEME',
    { code: 'invalid_configuration', what: 'the URL scheme is not allowed' },
  ],
]);

/**
 * The Chromium error name carried by `error` (or by one of its causes: openid-client wraps what
 * a fetch throws as the `cause` of its own error), e.g. `ERR_INTERNET_DISCONNECTED`.
 */
export function chromiumNetErrorName(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const match = CHROMIUM_NET_ERROR.exec(current.message);
    if (match) return match[1];
    current = current.cause;
  }
  return undefined;
}

/**
 * What a Chromium error name means: the table, then every other certificate (`ERR_CERT_*`) and
 * TLS handshake (`ERR_SSL_*`) error as `tls_failed`. Anything else is not classified (the caller
 * reports it as unexpected, naming it).
 */
export function classifyChromiumNetError(name: string): NetErrorClass | undefined {
  const listed = TABLE.get(name);
  if (listed) return listed;
  if (name.startsWith('ERR_CERT_')) return tls('the certificate was refused', INTERCEPTION_HINT);
  if (name.startsWith('ERR_SSL_')) return tls('the TLS handshake failed');
  return undefined;
}
