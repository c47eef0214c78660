import * as oidc from 'openid-client';
import { decodeClaimsChallenge, describeClaimsChallenge } from '../contract/claims-challenge';
import { aadstsHint, entraErrorCodes } from './aadsts-hints';
import { chromiumNetErrorName, classifyChromiumNetError } from './chromium-net-errors';
import { TRANSIENT_CODES, oauthErrorToCode, type ErrorCode } from './error-codes';
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

/** Said of every answer that is a web page rather than anything from an OAuth provider. */
const WEB_PAGE_HINT =
  "A web page answered instead of the provider: usually a proxy, a firewall or a Wi-Fi sign-in page. Open the address in a browser on this network to see it, or ask the network's administrator.";

/**
 * Turns anything thrown while talking to a provider into a `TokenDockError`: the provider's
 * error response (RFC 6749 §5.2) on any HTTP status, an authorization error redirect (§4.1.2.1),
 * a `WWW-Authenticate` challenge (RFC 6750 §3), openid-client's validation failures, HTTP
 * statuses without an OAuth body, and transport failures. A `TokenDockError` passes through
 * unchanged.
 *
 * Synchronous, so it sees a response body only when openid-client read it (a 4xx JSON error) or
 * `readErrorBody` did: where the caller can await, use `toTokenDockErrorWithBody`.
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
    return fromChallenge(error);
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
    const answer = describeResponse(response);
    // An OAuth error body is the provider's word whatever the status (a 500 with
    // `invalid_request` included): openid-client parses it only on a 4xx.
    if (answer.oauthError)
      return fromProviderError(answer.oauthError, response.status, response, error);
    return fromHttpStatus(response, error, answer);
  }
  if (
    clientCode === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
    clientCode === 'OAUTH_PARSE_ERROR' ||
    clientCode === 'OAUTH_INVALID_RESPONSE' ||
    clientCode === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
    clientCode === 'OAUTH_UNSUPPORTED_OPERATION' ||
    clientCode === 'OAUTH_INVALID_SERVER_METADATA'
  ) {
    // A web page with a success status: a captive portal or a proxy's block page, most often.
    if (response && describeResponse(response).kind === 'html') {
      return make(
        {
          code: 'malformed_response',
          message: `${context} got a web page (HTTP ${response.status}) instead of an OAuth response.`,
          hint: WEB_PAGE_HINT,
          httpStatus: response.status,
        },
        error,
      );
    }
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
  let code = oauthErrorToCode(providerError) ?? unknownErrorCode(status);
  if (status === 429) code = 'rate_limited';
  // 401 and 403 need a person (credentials, registration, a firewall): whatever word came with
  // them, they are never given a code the scheduler retries. Retrying a refused client every few
  // minutes only gets it reported (or locked out) as an attack.
  if ((status === 401 || status === 403) && TRANSIENT_CODES.has(code)) {
    code = status === 401 ? 'invalid_client' : 'provider_error';
  }
  // Entra's claims challenge (or a Bearer challenge's `claims`), `suberror` and `error_uri`: kept,
  // so the next sign-in can answer the challenge and people can be told what it asks.
  const claims = typeof body.claims === 'string' ? decodeClaimsChallenge(body.claims) : undefined;
  const suberror =
    typeof body.suberror === 'string' && /^[\w.-]{1,100}$/.test(body.suberror)
      ? body.suberror
      : undefined;
  const errorUri = webAddress(body.error_uri);
  const challengeHint =
    claims || suberror
      ? describeClaimsChallenge({
          ...(claims ? { claims } : {}),
          ...(suberror ? { suberror } : {}),
          errorCodes,
        })?.summary
      : undefined;
  const hint =
    errorCodes.map(aadstsHint).find((h) => h !== undefined) ?? challengeHint ?? CODE_HINTS[code];
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
    ...(claims ? { claims } : {}),
    ...(suberror ? { suberror } : {}),
    ...(errorUri ? { errorUri } : {}),
  };
  return new TokenDockError(info, { cause });
}

/** An `error_uri` worth showing: an http(s) URL of reasonable length, else undefined. */
function webAddress(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2_048) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An error status whose body is not an OAuth error (RFC 6749 §5.2): an empty body, a web page,
 * some other JSON. The status decides the code; what the body was decides the hint.
 */
function fromHttpStatus(response: Response, cause: unknown, answer: HttpAnswer): TokenDockError {
  const status = response.status;
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const what = describeBody(answer);
  const webPage = answer.kind === 'html' ? { hint: WEB_PAGE_HINT } : {};
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
  if (status === 401) {
    // A Bearer or DPoP challenge (RFC 6750 §3, RFC 9449 §7.1) is a resource server refusing an
    // access token (userinfo), not the client.
    if (answer.challengeSchemes.some((scheme) => scheme === 'bearer' || scheme === 'dpop')) {
      return make(
        {
          code: 'provider_error',
          message: `The provider refused the access token (HTTP 401 with ${what}).`,
          hint: 'Refresh the token or sign in again.',
          httpStatus: status,
        },
        cause,
      );
    }
    // At the endpoints TokenDock sends a client's credentials to (token, device authorization,
    // revocation), 401 is how a provider refuses the client's authentication: RFC 6749 §5.2
    // names it for `invalid_client`. Not transient: the same credentials fail the same way.
    return make(
      {
        code: 'invalid_client',
        message: `The provider refused the client's authentication (HTTP 401 with ${what}).`,
        ...webPage,
        httpStatus: status,
      },
      cause,
    );
  }
  if (status === 403) {
    // Not `access_denied`: that is a person or the provider declining at the authorization
    // endpoint (RFC 6749 §4.1.2.1), and its hint asks the person to accept permissions. A bare
    // 403 says only that the request is refused, by the provider's policy for this client or
    // by a firewall in front of it: `provider_error`, which is not retried, with the status.
    return make(
      {
        code: 'provider_error',
        message: `The provider refused the request (HTTP 403 with ${what}).`,
        hint:
          answer.kind === 'html'
            ? WEB_PAGE_HINT
            : "The provider (or a firewall in front of it) refuses this client. Check the client's registration (allowed flows, addresses) and its credentials.",
        httpStatus: status,
      },
      cause,
    );
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    // Any other 4xx refuses this request (RFC 9110 §15.5): sending it again cannot help, so it
    // is not transient. Seen: glewlwyd answers a spent refresh token with an empty 400.
    return make(
      {
        code: 'provider_error',
        message: `The provider refused the request without an OAuth error (HTTP ${status} with ${what}).`,
        ...(answer.kind === 'html'
          ? { hint: WEB_PAGE_HINT }
          : {
              hint: 'The provider gave no reason. If a refresh is refused this way, sign in again; otherwise check the provider address and the client registration.',
            }),
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
        : status === 408
          ? 'timeout'
          : status >= 500
            ? 'server_error'
            : 'malformed_response';
  return make(
    {
      code,
      message: `The provider answered HTTP ${status} with ${what} instead of an OAuth response.`,
      ...webPage,
      httpStatus: status,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    },
    cause,
  );
}

/**
 * A `WWW-Authenticate` challenge. oauth4webapi throws on the header before it reads the body, but
 * the body is where a token endpoint puts its error (RFC 6749 §5.2: `invalid_client` MAY come as
 * a 401 with a challenge naming the schemes it accepts, e.g. `Basic realm=…`, and the JSON
 * body). So the body's OAuth error wins; else an `error` in the challenge itself (RFC 6750 §3);
 * else the status decides.
 */
function fromChallenge(error: oidc.WWWAuthenticateChallengeError): TokenDockError {
  const answer = describeResponse(error.response);
  if (answer.oauthError) {
    return fromProviderError(answer.oauthError, error.status, error.response, error);
  }
  const challenge = error.cause.find((c) => typeof c.parameters.error === 'string');
  if (challenge) {
    const parameters: Record<string, unknown> = { ...challenge.parameters };
    return fromProviderError(parameters, error.status, error.response, error);
  }
  return fromHttpStatus(error.response, error, answer);
}

/** The code of an OAuth `error` we do not know, by the status it came with. */
function unknownErrorCode(status: number | undefined): ErrorCode {
  if (status === 503) return 'temporarily_unavailable';
  if (status !== undefined && status >= 500) return 'server_error';
  return 'provider_error';
}

/** What an error response carried, as far as it is known. */
export interface HttpAnswer {
  status: number;
  /** The media type, lower case, without parameters; undefined when none was sent. */
  mediaType?: string;
  /**
   * `html`: a web page (by content type or by its first characters); `empty`: no body; `json`:
   * JSON (an OAuth error or not); `other`: anything else; `unread`: nobody read the body.
   */
  kind: 'html' | 'empty' | 'json' | 'other' | 'unread';
  /** The body when it is a JSON object with a string `error` (RFC 6749 §5.2). */
  oauthError?: Record<string, unknown>;
  /** The auth-schemes of its `WWW-Authenticate` challenges, lower case. */
  challengeSchemes: string[];
}

/**
 * What the HTTP response behind an error carried: status, media type, body kind and OAuth error,
 * from the headers and the body `readErrorBody` read. Undefined when no response is behind it.
 */
export function describeHttpAnswer(error: unknown): HttpAnswer | undefined {
  const response = findResponse(error);
  return response ? describeResponse(response) : undefined;
}

function describeResponse(response: Response): HttpAnswer {
  const mediaType =
    response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
  const challengeSchemes = (response.headers.get('www-authenticate') ?? '')
    .split(',')
    .map((part) => /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s|$)/.exec(part)?.[1]?.toLowerCase())
    .filter((scheme): scheme is string => scheme !== undefined && !scheme.includes('='));
  const base = { status: response.status, ...(mediaType ? { mediaType } : {}), challengeSchemes };
  const text = errorBodies.get(response);
  if (text === undefined) {
    if (mediaType?.includes('html')) return { ...base, kind: 'html' };
    if (response.headers.get('content-length') === '0') return { ...base, kind: 'empty' };
    return { ...base, kind: 'unread' };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ...base, kind: 'empty' };
  if (mediaType?.includes('html') || /^<(!doctype html|html)/i.test(trimmed)) {
    return { ...base, kind: 'html' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ...base, kind: 'other' };
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const body = parsed as Record<string, unknown>;
    if (typeof body.error === 'string' && body.error !== '') {
      return { ...base, kind: 'json', oauthError: body };
    }
  }
  return { ...base, kind: 'json' };
}

function describeBody(answer: HttpAnswer): string {
  switch (answer.kind) {
    case 'html':
      return 'an HTML page';
    case 'empty':
      return 'an empty body';
    case 'json':
      return 'a JSON body that is not an OAuth error';
    default:
      return answer.mediaType ? `a body of type ${answer.mediaType}` : 'a body of no content type';
  }
}

/** Bodies of error responses read by `readErrorBody`, by response. */
const errorBodies = new WeakMap<Response, string>();
const ERROR_BODY_MAX_BYTES = 64 * 1024;
const ERROR_BODY_READ_MS = 5_000;

/**
 * Reads the body of the error response behind `error`, if nobody has: openid-client leaves it
 * unread after a `WWW-Authenticate` challenge, on any 5xx, and on a 4xx that is not
 * application/json. It is read (at most 64 KiB, at most 5 s; the rest is cancelled) and
 * remembered for `toTokenDockError`, which cannot wait for it. Never throws.
 */
export async function readErrorBody(error: unknown): Promise<void> {
  const response = findResponse(error);
  if (!response || response.status < 400 || errorBodies.has(response) || response.bodyUsed) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The response itself, not a copy: nothing else reads an error response after this, and a
    // copy would keep the unread original (and its connection) alive.
    const reader = response.body?.getReader();
    if (!reader) {
      errorBodies.set(response, '');
      return;
    }
    const read = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        text += decoder.decode(value, { stream: true });
        if (bytes >= ERROR_BODY_MAX_BYTES) break;
      }
      return text + decoder.decode();
    })();
    read.catch(() => undefined);
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ERROR_BODY_READ_MS);
    });
    const text = await Promise.race([read, timeout]);
    void reader.cancel().catch(() => undefined);
    if (text !== undefined) errorBodies.set(response, text);
  } catch {
    // An unreadable body is an unread body: the status still says enough.
  } finally {
    clearTimeout(timer);
  }
}

/** `toTokenDockError` after `readErrorBody`: what to use wherever the caller can await. */
export async function toTokenDockErrorWithBody(
  error: unknown,
  context = 'The request',
): Promise<TokenDockError> {
  await readErrorBody(error);
  return toTokenDockError(error, context);
}

/**
 * What was wrong with a discovery answer that arrived: the metadata names another issuer
 * (`issuer_mismatch`), or the answer is not provider metadata at all (`not_metadata`: JSON
 * without an `issuer`, unparsable, or a body that is not JSON). Read from openid-client's codes
 * and the compared attribute, never from messages.
 */
export function metadataProblem(error: unknown): 'issuer_mismatch' | 'not_metadata' | undefined {
  const clientCode = findClientCode(error);
  if (clientCode === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
    return findCauseField(error, 'attribute') === 'issuer' ? 'issuer_mismatch' : 'not_metadata';
  }
  if (
    clientCode === 'OAUTH_INVALID_RESPONSE' ||
    clientCode === 'OAUTH_PARSE_ERROR' ||
    clientCode === 'OAUTH_RESPONSE_IS_NOT_JSON'
  ) {
    return 'not_metadata';
  }
  return undefined;
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
