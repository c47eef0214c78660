import { isAppOnlyFlow, type ClientAuthConfig, type FlowKind } from './accounts';
import type { ErrorCode } from './errors';

/**
 * Rules about flows that the engine and the add-account form share, written once. Pure and free
 * of Node. (Which flows are app-only is `isAppOnlyFlow` in `accounts.ts`; what a valid redirect
 * URI is, `redirectUriProblem` in `redirect-uri.ts`.)
 */

/** Whether the flow has a redirect URI and a sign-in mode (only the authorization code flow). */
export function usesRedirectUri(flow: FlowKind): boolean {
  return flow === 'authorization_code';
}

/** What an app-only flow without a client credential is told. */
export const CLIENT_CREDENTIAL_NEEDED =
  'This flow needs the client to prove itself: a secret or a certificate.';

/**
 * Whether the client must prove itself (a secret or a certificate) for this flow: an app acting
 * as itself has nothing else to show (RFC 6749 §4.4; on-behalf-of).
 */
export function needsClientCredential(flow: FlowKind): boolean {
  return isAppOnlyFlow(flow);
}

// A refresh token the person already holds (ADAL's `acquire_token_with_refresh_token`).

/** The longest refresh token accepted (Entra's are 1–2 KB; some providers issue JWTs of ~4 KB). */
export const MAX_REFRESH_TOKEN_LENGTH = 16_384;

/**
 * Whether an account of this flow may start from a refresh token: any flow where a person signs
 * in (the token is the person's, RFC 6749 §1.5), never an app-only flow (they re-acquire and hold
 * no refresh token). The flow stays how the account signs in again when the token dies.
 */
export function canStartFromRefreshToken(flow: FlowKind): boolean {
  return !isAppOnlyFlow(flow);
}

/** What the form and the engine say when the provider refuses the pasted token (`invalid_grant`). */
export const REFRESH_TOKEN_REFUSED =
  'This refresh token was refused: it expired, was revoked or belongs to another client.';

/**
 * Why a pasted refresh token cannot be sent, or `undefined` when it can. The value itself is
 * never part of the message. A refresh token is one or more printable ASCII characters
 * (RFC 6749 Appendix A.17, `1*VSCHAR`); surrounding white space is ignored.
 */
export function refreshTokenProblem(
  flow: FlowKind,
  refreshToken: string | undefined,
): string | undefined {
  if (!canStartFromRefreshToken(flow))
    return 'Only an account where a person signs in can start from a refresh token.';
  const text = refreshToken?.trim() ?? '';
  if (!text) return 'Paste the refresh token.';
  if (text.length > MAX_REFRESH_TOKEN_LENGTH)
    return `A refresh token this long (over ${MAX_REFRESH_TOKEN_LENGTH} characters) is not one: paste the refresh token alone.`;
  if (!/^[\x20-\x7e]+$/.test(text))
    return 'This is not a refresh token: it holds line breaks or characters outside printable ASCII. Paste the refresh token alone.';
  return undefined;
}

/** What the account form knows when it routes an engine error to a field. */
export interface ErrorFieldContext {
  /** The account was being added from a refresh token. */
  refreshToken: boolean;
  clientAuth: ClientAuthConfig['kind'];
  /** Where the authority's own errors go: `tenant` (Entra) or `issuer`. */
  authorityField: string;
}

/**
 * The form field an engine error belongs to, decided by its code alone (never by its message):
 * the provider refused the pasted refresh token, the client, or the grant; the provider could not
 * be found or trusted. `undefined`: the error is about no one field and is shown for the form.
 * The engine puts this into `ErrorInfo.fields` for the refusals it routes; the form falls back on
 * it for an error that came without `fields`.
 */
export function errorField(code: ErrorCode, context: ErrorFieldContext): string | undefined {
  switch (code) {
    case 'invalid_grant':
      return context.refreshToken ? 'refreshToken' : undefined;
    case 'invalid_client':
      return context.clientAuth === 'secret'
        ? 'clientSecret'
        : context.clientAuth === 'certificate'
          ? 'certificateKeyPem'
          : 'clientId';
    case 'unauthorized_client':
      return 'clientId';
    case 'unsupported_grant_type':
      return context.refreshToken ? 'refreshToken' : 'flow';
    case 'invalid_scope':
    case 'invalid_target':
      return 'targets.0.scopes';
    case 'discovery_failed':
    case 'insecure_issuer':
    case 'issuer_mismatch':
      return context.authorityField;
    default:
      return undefined;
  }
}
