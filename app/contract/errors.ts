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
  /** Per-field messages of a rejected form (field path → message). */
  fields?: Record<string, string>;
}
