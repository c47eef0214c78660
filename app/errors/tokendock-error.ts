import type { ErrorCode, ErrorInfo } from '../contract/errors';

export type { ErrorInfo } from '../contract/errors';

/**
 * The one error type the engine throws. `code` is stable; `message` and `hint` are for people.
 * It never carries a token, secret, password, code or assertion.
 */
export class TokenDockError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly providerError?: string;
  readonly providerErrorDescription?: string;
  readonly errorCodes?: number[];
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly traceId?: string;
  readonly correlationId?: string;
  /** A claims challenge (JSON text), Entra's `suberror`, the provider's `error_uri`. */
  readonly claims?: string;
  readonly suberror?: string;
  readonly errorUri?: string;
  readonly fields?: Record<string, string>;

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'TokenDockError';
    this.code = info.code;
    this.hint = info.hint;
    this.providerError = info.providerError;
    this.providerErrorDescription = info.providerErrorDescription;
    this.errorCodes = info.errorCodes;
    this.httpStatus = info.httpStatus;
    this.retryAfterSeconds = info.retryAfterSeconds;
    this.traceId = info.traceId;
    this.correlationId = info.correlationId;
    this.claims = info.claims;
    this.suberror = info.suberror;
    this.errorUri = info.errorUri;
    this.fields = info.fields;
  }

  /** The plain-data form, without `undefined` fields. */
  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.providerError !== undefined) info.providerError = this.providerError;
    if (this.providerErrorDescription !== undefined) {
      info.providerErrorDescription = this.providerErrorDescription;
    }
    if (this.errorCodes !== undefined && this.errorCodes.length > 0)
      info.errorCodes = this.errorCodes;
    if (this.httpStatus !== undefined) info.httpStatus = this.httpStatus;
    if (this.retryAfterSeconds !== undefined) info.retryAfterSeconds = this.retryAfterSeconds;
    if (this.traceId !== undefined) info.traceId = this.traceId;
    if (this.correlationId !== undefined) info.correlationId = this.correlationId;
    if (this.claims !== undefined) info.claims = this.claims;
    if (this.suberror !== undefined) info.suberror = this.suberror;
    if (this.errorUri !== undefined) info.errorUri = this.errorUri;
    if (this.fields !== undefined) info.fields = this.fields;
    return info;
  }
}

/** Shorthand for a `TokenDockError` that only has a code and a message. */
export function tokenDockError(code: ErrorCode, message: string, hint?: string, cause?: unknown) {
  return new TokenDockError({ code, message, ...(hint ? { hint } : {}) }, { cause });
}
