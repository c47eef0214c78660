import { errors } from './oidc-provider-runtime';

/**
 * `invalid_grant` (RFC 6749 §5.2) with our own `error_description`; oidc-provider's class
 * otherwise always says "grant request is invalid".
 */
export function invalidGrant(description: string): Error {
  const error = new errors.InvalidGrant(description);
  error.error_description = description;
  return error;
}

/**
 * `invalid_client` (RFC 6749 §5.2, status 401) with our own `error_description`; oidc-provider's
 * class otherwise always says "client authentication failed".
 */
export function invalidClient(description: string): Error {
  const error = new errors.InvalidClientAuth(description);
  error.error_description = description;
  return error;
}

/** `invalid_request` (RFC 6749 §5.2). */
export function invalidRequest(description: string): Error {
  return new errors.InvalidRequest(description);
}

/** `invalid_scope` (RFC 6749 §5.2). */
export function invalidScope(description: string, scope?: string): Error {
  return new errors.InvalidScope(description, scope);
}

/** `invalid_target` (RFC 8707 §2). */
export function invalidTarget(description: string): Error {
  return new errors.InvalidTarget(description);
}
