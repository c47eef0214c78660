import * as oidc from 'openid-client';
import { aadstsHint, entraErrorCodes } from './aadsts-hints';
import { chromiumNetErrorName, classifyChromiumNetError } from './chromium-net-errors';
import { oauthErrorToCode, type ErrorCode } from './error-codes';
import { TokenDockError, type ErrorInfo } from './tokendock-error';

/** Hints for codes that are not the provider's fault, or where the provider gave none. */
const CODE_HINTS: Partial<Record<ErrorCode, string>> = {
  invalid_client: 'Check the client id and its credentials (secret, certificate and thumbprint).',
  invalid_grant: 'The grant is no longer valid. Sign in again.',
  access_denied: 'Sign-in was declined. Try again and accept the requested permissions.',
  expired_token: 'The code expired before sign-in finished. Start again.',
  interaction_required: 'The provider needs you at the sign-in page. Sign in interactively.',
  login_required: 'The provider needs you at the sign-in page. Sign in interactively.',
  consent_required: 'The app needs consent. Sign in interactively to grant it.',
  invalid_scope: 'Check the scopes of this target.',
  invalid_target: 'The provider does not know this resource. Check the resource URI.',
  server_error: 'The provider failed. Try again shortly.',
  temporarily_unavailable: 'The provider is busy. Try again shortly.',
  rate_limited: 'The provider is limiting requests. TokenDock waits as long as it asks.',
  state_mismatch: 'The sign-in response did not belong to this sign-in. Start again.',
  issuer_mismatch:
    'The response came from another issuer than the one configured. Check the authority.',
  nonce_mismatch: 'The ID token did not belong to this sign-in. Start again.',
  id_token_invalid:
    "The ID token failed validation. Check the authority and this computer's clock.",
  malformed_response:
    'The provider sent something that is not a valid OAuth response. Check the authority URL.',
  network: 'Check the network connection, proxy and the authority URL.',
  timeout: 'The provider did not answer in time. Check the network and try again.',
  tls_failed:
    'The secure connection to the provider failed. A TLS-inspecting proxy or a Wi-Fi sign-in page is the usual cause.',
  unauthorized_client: 'This client may not use this flow. Check its registration at the provider.',
  unsupported_grant_type: 'The provider does not support this flow for this client.',
};

/**
 * Turns anything thrown while talking to a provider into a `TokenDockError`: the provider's
 * error response (RFC 6749 §5.2), an authorization error redirect (§4.1.2.1), a `WWW-Authenticate`
 * challenge (RFC 6750 §3), openid-client's validation failures, and transport failures.
 * A `TokenDockError` passes through unchanged.
 */
export function toTokenDockError(error: unknown, context = 'The request'): TokenDockError {
  if (error instanceof TokenDockError) return error;

  if (error instanceof oidc.ResponseBodyError) {
    return fromProviderError(error.cause, error.status, error.response, error);
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    const body = Object.fromEntries(error.cause.entries());
    return fromProviderError(body, undefined, undefined, error);
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const parameters: Record<string, unknown> = { ...error.cause[0]?.parameters };
    return fromProviderError(parameters, error.status, error.response, error);
  }

  const response = findResponse(error);
  const clientCode = findClientCode(error);
  if (clientCode === 'OAUTH_TIMEOUT' || hasNamedCause(error, 'TimeoutError')) {
    return make({ code: 'timeout', message: `${context} timed out.` }, error);
  }
  if (clientCode === 'OAUTH_ABORT' || hasNamedCause(error, 'AbortError')) {
    return make({ code: 'cancelled', message: `${context} was cancelled.` }, error);
  }
  if (
    clientCode === 'OAUTH_HTTP_REQUEST_FORBIDDEN' ||
    clientCode === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN'
  ) {
    return make(
      {
        code: 'insecure_issuer',
        message: 'Plain http is allowed only for loopback issuers (127.0.0.1, [::1]).',
      },
      error,
    );
  }
  // Electron's net module: a plain Error named after Chromium's error (see chromium-net-errors.ts).
  const chromium = fromChromiumNetError(error, context);
  if (chromium) return chromium;
  const validation = validationFailure(
    clientCode,
    innermostMessage(error),
    findCauseField(error, 'claim'),
  );
  if (validation) return make(validation, error);
  if (response && response.status >= 400) {
    return fromHttpStatus(response, error);
  }
  if (
    clientCode === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
    clientCode === 'OAUTH_PARSE_ERROR' ||
    clientCode === 'OAUTH_INVALID_RESPONSE' ||
    clientCode === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
    clientCode === 'OAUTH_UNSUPPORTED_OPERATION' ||
    clientCode === 'OAUTH_INVALID_SERVER_METADATA'
  ) {
    return make(
      {
        code: 'malformed_response',
        message: `The provider's response is not valid: ${innermostMessage(error)}.`,
      },
      error,
    );
  }
  const network = findNetworkFailure(error);
  if (network) {
    return make({ code: 'network', message: `Could not reach the provider (${network}).` }, error);
  }
  return make(
    { code: 'unexpected', message: `${context} failed: ${innermostMessage(error)}.` },
    error,
  );
}

/**
 * A failure of Electron's `net` (`net.fetch`, `net.request`), classified by the Chromium error
 * name its message consists of. Undefined when `error` carries no such name.
 */
function fromChromiumNetError(error: unknown, context: string): TokenDockError | undefined {
  const name = chromiumNetErrorName(error);
  if (!name) return undefined;
  const netError = `net::${name}`;
  const kind = classifyChromiumNetError(name);
  if (!kind)
    return make({ code: 'unexpected', message: `${context} failed (${netError}).` }, error);
  const hint = kind.hint ? { hint: kind.hint } : {};
  switch (kind.code) {
    case 'network':
      return make(
        {
          code: 'network',
          message: `Could not reach the provider: ${kind.what} (${netError}).`,
          ...hint,
        },
        error,
      );
    case 'timeout':
      return make(
        { code: 'timeout', message: `${context} timed out: ${kind.what} (${netError}).`, ...hint },
        error,
      );
    case 'cancelled':
      return make({ code: 'cancelled', message: `${context} was cancelled (${netError}).` }, error);
    case 'tls_failed':
      return make(
        {
          code: 'tls_failed',
          message: `No secure connection to the provider: ${kind.what} (${netError}).`,
          ...hint,
        },
        error,
      );
    default:
      return make(
        { code: kind.code, message: `${context} failed: ${kind.what} (${netError}).`, ...hint },
        error,
      );
  }
}

function fromProviderError(
  body: Record<string, unknown>,
  status: number | undefined,
  response: Response | undefined,
  cause: unknown,
): TokenDockError {
  const providerError = typeof body.error === 'string' ? body.error : undefined;
  const description =
    typeof body.error_description === 'string' ? body.error_description : undefined;
  const errorCodes = entraErrorCodes(body);
  const retryAfterSeconds = response
    ? parseRetryAfter(response.headers.get('retry-after'))
    : undefined;
  let code = oauthErrorToCode(providerError) ?? 'provider_error';
  if (status === 429) code = 'rate_limited';
  const hint = errorCodes.map(aadstsHint).find((h) => h !== undefined) ?? CODE_HINTS[code];
  const firstLine = description?.split(/\r?\n/)[0];
  const info: ErrorInfo = {
    code,
    message: firstLine
      ? `${providerError ?? 'error'}: ${firstLine}`
      : `The provider answered "${providerError ?? 'an error'}".`,
    ...(hint ? { hint } : {}),
    ...(providerError ? { providerError } : {}),
    ...(description ? { providerErrorDescription: description } : {}),
    ...(errorCodes.length ? { errorCodes } : {}),
    ...(status ? { httpStatus: status } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(typeof body.trace_id === 'string' ? { traceId: body.trace_id } : {}),
    ...(typeof body.correlation_id === 'string' ? { correlationId: body.correlation_id } : {}),
  };
  return new TokenDockError(info, { cause });
}

function fromHttpStatus(response: Response, cause: unknown): TokenDockError {
  const status = response.status;
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const contentType = response.headers.get('content-type') ?? 'no content type';
  const what = contentType.includes('html')
    ? 'an HTML page'
    : `a ${contentType.split(';')[0]} body`;
  if (status === 407) {
    // Proxy Authentication Required (RFC 9110 §15.5.8): what Electron's net gives when a proxy's
    // request for credentials was cancelled (docs/api/client-request.md, event 'login'). The
    // proxy, not the provider, answered: retry, and the proxy asks the person again.
    return make(
      {
        code: 'network',
        message: 'The proxy asks for a user name and password, and none was given (HTTP 407).',
        hint: 'Answer the proxy sign-in question TokenDock shows, or check the proxy settings.',
        httpStatus: status,
      },
      cause,
    );
  }
  const code: ErrorCode =
    status === 429
      ? 'rate_limited'
      : status === 503
        ? 'temporarily_unavailable'
        : status >= 500
          ? 'server_error'
          : 'malformed_response';
  return make(
    {
      code,
      message: `The provider answered HTTP ${status} with ${what} instead of an OAuth response.`,
      httpStatus: status,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    },
    cause,
  );
}

/**
 * openid-client reports most validation failures as OAUTH_INVALID_RESPONSE (or a comparison code)
 * and names what failed only in the message: state and `iss` of the authorization response
 * (RFC 6749 §10.12, RFC 9207), nonce, signature, `alg` and claims of the ID token (OIDC Core §3.1.3.7).
 */
function validationFailure(
  clientCode: string | undefined,
  message: string,
  claim: unknown,
): ErrorInfo | undefined {
  const comparison =
    clientCode === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' ||
    clientCode === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED';
  if (
    !comparison &&
    clientCode !== 'OAUTH_INVALID_RESPONSE' &&
    clientCode !== 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED'
  ) {
    return clientCode === 'OAUTH_KEY_SELECTION_FAILED'
      ? { code: 'id_token_invalid', message: `The ID token failed validation: ${message}.` }
      : undefined;
  }
  if (/"state"/.test(message))
    return { code: 'state_mismatch', message: 'The sign-in response carried the wrong state.' };
  if (/nonce/.test(message) || claim === 'nonce')
    return { code: 'nonce_mismatch', message: 'The ID token carried the wrong nonce.' };
  if (/"iss"|issuer/.test(message) || claim === 'iss') {
    return {
      code: 'issuer_mismatch',
      message: 'The response names a different issuer than the authority.',
    };
  }
  if (
    /JWT|JWS|signature|"alg"|ID Token|id_token/i.test(message) ||
    comparison ||
    clientCode === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED'
  ) {
    return { code: 'id_token_invalid', message: `The ID token failed validation: ${message}.` };
  }
  return undefined;
}

function make(info: ErrorInfo, cause: unknown): TokenDockError {
  const hint = info.hint ?? CODE_HINTS[info.code];
  return new TokenDockError({ ...info, ...(hint ? { hint } : {}) }, { cause });
}

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}

function findResponse(error: unknown): Response | undefined {
  for (const c of causes(error)) {
    if (c instanceof Response) return c;
    const response = (c as { response?: unknown } | undefined)?.response;
    if (response instanceof Response) return response;
  }
  return undefined;
}

function findClientCode(error: unknown): string | undefined {
  for (const c of causes(error)) {
    const code = (c as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && code.startsWith('OAUTH_')) return code;
  }
  return undefined;
}

function findCauseField(error: unknown, field: string): unknown {
  for (const c of causes(error)) {
    if (c && typeof c === 'object' && field in c) return (c as Record<string, unknown>)[field];
  }
  return undefined;
}

function hasNamedCause(error: unknown, name: string): boolean {
  for (const c of causes(error)) if (c instanceof Error && c.name === name) return true;
  return false;
}

function findNetworkFailure(error: unknown): string | undefined {
  for (const c of causes(error)) {
    const code = (c as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    if (c instanceof TypeError && /fetch failed|network/i.test(c.message)) {
      const inner = findNetworkCode(c.cause);
      return inner ?? c.message;
    }
  }
  return undefined;
}

function findNetworkCode(error: unknown): string | undefined {
  for (const c of causes(error)) {
    const code = (c as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let last = 'unknown error';
  for (const c of causes(error)) if (c instanceof Error && c.message) last = c.message;
  return last.replace(/\.$/, '');
}
