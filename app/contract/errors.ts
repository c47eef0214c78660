/** The stable codes of every failure the engine reports. */
export const ERROR_CODES = [
  // The provider said no (RFC 6749 §5.2, §4.1.2.1; RFC 8628 §3.5; OIDC Core §3.1.2.6).
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'access_denied',
  'expired_token',
  'interaction_required',
  'login_required',
  'consent_required',
  'server_error',
  'temporarily_unavailable',
  'rate_limited',
  'provider_error',
  // The response could not be trusted or understood.
  'state_mismatch',
  'issuer_mismatch',
  'nonce_mismatch',
  'id_token_invalid',
  'malformed_response',
  // Transport.
  'network',
  'timeout',
  // The TLS connection could not be set up or its certificate is not trusted (a TLS-inspecting
  // proxy, a Wi-Fi sign-in page, a wrong clock): retrying cannot fix it, a person must.
  'tls_failed',
  // The person or the app stopped it.
  'cancelled',
  'window_closed',
  // The account changed (edited, signed in again, removed) while the request was under way.
  'superseded',
  // Set-up and use.
  'not_found',
  'insecure_issuer',
  'invalid_configuration',
  'discovery_failed',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain-data form of an engine error: what crosses IPC and goes into the activity log. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint?: string;
  /** The provider's `error` (RFC 6749 §5.2). */
  providerError?: string;
  /** The provider's `error_description`, as sent. */
  providerErrorDescription?: string;
  /** Microsoft Entra's `error_codes` (AADSTS numbers). */
  errorCodes?: number[];
  httpStatus?: number;
  /** Seconds the provider asked us to wait (`Retry-After`). */
  retryAfterSeconds?: number;
  /** Entra's `trace_id` / `correlation_id`, for support requests. */
  traceId?: string;
  correlationId?: string;
  /**
   * A claims challenge (OpenID Connect Core §5.5 claims request, JSON text, decoded when it came
   * base64-encoded): Entra's `claims` of an `interaction_required`, or a Bearer challenge's
   * `claims`. Describe it with `describeClaimsChallenge` (`claims-challenge.ts`).
   */
  claims?: string;
  /** Entra's `suberror` (`basic_action`, `additional_action`, `message_only`, `consent_required`, …). */
  suberror?: string;
  /** The provider's `error_uri` (RFC 6749 §5.2): a page about the error (http or https only). */
  errorUri?: string;
  /** Per-field messages of a rejected form (field path → message). */
  fields?: Record<string, string>;
}

/**
 * What a failure says to people, each thing once: the engine's message is left out when it only
 * repeats the provider's `error` and description (the engine writes "invalid_grant: <first line
 * of the description>", which the provider's own words then say again).
 */
export function errorWords(error: ErrorInfo): {
  message?: string;
  providerError?: string;
  providerDescription?: string;
} {
  const provider = {
    ...(error.providerError ? { providerError: error.providerError } : {}),
    ...(error.providerErrorDescription
      ? { providerDescription: error.providerErrorDescription }
      : {}),
  };
  if (!error.providerError && !error.providerErrorDescription)
    return { message: error.message, ...provider };
  const firstLine = (error.providerErrorDescription ?? '').split(/\r?\n/)[0]!.trim();
  let rest = error.message.trim();
  for (const prefix of [error.providerError, 'error'])
    if (prefix && rest.startsWith(`${prefix}:`)) rest = rest.slice(prefix.length + 1).trim();
  const repeats =
    rest === '' ||
    (firstLine !== '' && rest === firstLine) ||
    rest === `The provider answered "${error.providerError ?? 'an error'}".`;
  return repeats ? provider : { message: error.message, ...provider };
}
