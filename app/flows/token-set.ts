import type * as oidc from 'openid-client';
import { tokenDockError } from '../errors/tokendock-error';
import type { Clock } from '../ports';
import { decodeJwt } from '../contract/jwt';
import type { AccountInfo } from '../contract/tokens';

export type { AccountInfo } from '../contract/tokens';
import type { TargetParameters } from './target';

/** Every flow's result, normalised. Times are UTC epoch milliseconds. */
export interface TokenSet {
  accessToken: string;
  tokenType: 'Bearer';
  expiresOn: number;
  /** Lifetime in seconds as granted. */
  expiresIn: number;
  /** Entra's `ext_expires_in`: how long the token stays usable while Entra itself is down. */
  extExpiresOn?: number;
  /**
   * Entra's `refresh_in` (MSAL's `refreshOn`): when the provider wants the client to refresh.
   * Only when it falls before expiry.
   */
  refreshOn?: number;
  refreshToken?: string;
  /**
   * When the refresh token ends, where the provider says (`refresh_token_expires_in`, as Entra ID
   * for single-page apps and GitHub send it; not in RFC 6749).
   */
  refreshTokenExpiresOn?: number;
  idToken?: string;
  scope: string;
  resource?: string;
  account: AccountInfo;
}

/** ADAL's default when a provider omits `expires_in` and the token is opaque. */
const DEFAULT_LIFETIME_SECONDS = 3600;

type Response = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/**
 * Normalises a token response (RFC 6749 §5.1) into a `TokenSet`. Account fields come from the
 * validated ID token when there is one, else from the access token's claims (display only).
 * A `token_type` other than Bearer (RFC 6750) is refused: we could not use the token.
 */
export function toTokenSet(
  response: Response,
  context: { clock: Clock; requested: TargetParameters; issuer: string },
): TokenSet {
  if (response.token_type.toLowerCase() !== 'bearer') {
    throw tokenDockError(
      'malformed_response',
      `The provider issued a "${response.token_type}" token; TokenDock uses Bearer tokens.`,
    );
  }
  const now = context.clock.now();
  const accessClaims = decodeJwt(response.access_token)?.claims;
  const expiresIn = lifetimeSeconds(response, accessClaims, now);
  const ext = positiveSeconds((response as { ext_expires_in?: unknown }).ext_expires_in);
  const refreshIn = positiveSeconds((response as { refresh_in?: unknown }).refresh_in);
  const refreshTokenLife = positiveSeconds(
    (response as { refresh_token_expires_in?: unknown }).refresh_token_expires_in,
  );
  const idClaims = response.id_token
    ? (response.claims() as Record<string, unknown> | undefined)
    : undefined;
  const resource = context.requested.resource ?? (response as { resource?: unknown }).resource;
  return {
    accessToken: response.access_token,
    tokenType: 'Bearer',
    expiresOn: now + expiresIn * 1000,
    expiresIn,
    ...(ext !== undefined ? { extExpiresOn: now + ext * 1000 } : {}),
    ...(refreshIn !== undefined && refreshIn < expiresIn
      ? { refreshOn: now + refreshIn * 1000 }
      : {}),
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.refresh_token && refreshTokenLife !== undefined
      ? { refreshTokenExpiresOn: now + refreshTokenLife * 1000 }
      : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    scope: response.scope ?? context.requested.scope ?? '',
    ...(typeof resource === 'string' ? { resource } : {}),
    account: accountFrom(idClaims ?? accessClaims ?? {}, context.issuer),
  };
}

/** A positive number of seconds, as a number or (Entra v1) a string; else undefined. */
function positiveSeconds(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function lifetimeSeconds(
  response: Response,
  claims: Record<string, unknown> | undefined,
  now: number,
): number {
  if (typeof response.expires_in === 'number' && Number.isFinite(response.expires_in)) {
    return Math.max(0, Math.round(response.expires_in));
  }
  if (typeof claims?.exp === 'number') return Math.max(0, Math.round(claims.exp - now / 1000));
  return DEFAULT_LIFETIME_SECONDS;
}

/**
 * Account fields from ID token (or access token) claims: OIDC Core §5.1 plus Entra's `tid`,
 * `oid`, `upn`. Azure AD B2C puts the address in `emails` (a list); as MSAL does
 * (`AccountEntity.createAccount`), its first entry is the user when no other claim names one.
 */
export function accountFrom(claims: Record<string, unknown>, issuer: string): AccountInfo {
  const text = (name: string) =>
    typeof claims[name] === 'string' && claims[name] ? (claims[name] as string) : undefined;
  const account: AccountInfo = {
    identityProvider: text('idp') ?? text('iss') ?? issuer,
  };
  const fields: Array<[keyof AccountInfo, string | undefined]> = [
    [
      'userId',
      text('upn') ??
        text('preferred_username') ??
        text('email') ??
        firstEmail(claims.emails) ??
        text('unique_name'),
    ],
    ['tenantId', text('tid')],
    ['oid', text('oid')],
    ['subject', text('sub')],
    ['name', text('name')],
    ['givenName', text('given_name')],
    ['familyName', text('family_name')],
  ];
  for (const [key, value] of fields) if (value !== undefined) account[key] = value;
  return account;
}

/** The first entry of B2C's `emails` claim, when it is a non-empty string. */
function firstEmail(emails: unknown): string | undefined {
  const first: unknown = Array.isArray(emails) ? emails[0] : undefined;
  return typeof first === 'string' && first ? first : undefined;
}
