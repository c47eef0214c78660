import type { ErrorCode } from '../contract/errors';

export { ERROR_CODES, type ErrorCode } from '../contract/errors';

/** Codes that retrying later may fix; everything else needs a person or a change of settings. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'server_error',
  'temporarily_unavailable',
  'rate_limited',
  'network',
  'timeout',
  'malformed_response',
]);

/** Codes that mean the refresh token or session is gone: the account must sign in again. */
export const SIGN_IN_AGAIN_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
]);

/** The OAuth `error` values that are also our codes, mapped one to one. */
export function oauthErrorToCode(error: string | undefined): ErrorCode | undefined {
  switch (error) {
    case 'invalid_request':
    case 'invalid_client':
    case 'invalid_grant':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'invalid_scope':
    case 'invalid_target':
    case 'access_denied':
    case 'expired_token':
    case 'interaction_required':
    case 'login_required':
    case 'consent_required':
    case 'server_error':
    case 'temporarily_unavailable':
      return error;
    // Entra's device flow says the person declined with its own word.
    case 'authorization_declined':
      return 'access_denied';
    // Entra v1's device flow says the code expired this way.
    case 'code_expired':
      return 'expired_token';
    default:
      return undefined;
  }
}
