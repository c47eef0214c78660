import type { RefreshTokenLife } from '../contract/sign-in-deadline';
import type { ClientAuthConfig, FlowKind } from '../contract/accounts';
import type { StoredAuthority } from '../contract/authority';
import type { ClientCapability, PendingClaimsChallenge } from '../contract/claims-challenge';
import type { AccountInfo, Target } from '../contract/tokens';

export type { ClientAuthConfig, FlowKind } from '../contract/accounts';
export type { StoredAuthority } from '../contract/authority';
export { DEFAULT_SETTINGS, type Settings } from '../contract/settings';

/** What is known of a target's token without its secret values. */
export interface TokenMeta {
  expiresOn: number;
  expiresIn: number;
  acquiredOn: number;
  scope: string;
  resource?: string;
  hasRefreshToken: boolean;
  /** Entra's `ext_expires_in` as UTC epoch ms: usable until then while Entra itself is down. */
  extExpiresOn?: number;
  /** Entra's `refresh_in` as UTC epoch ms: when the provider wants the token refreshed. */
  refreshOn?: number;
}

export interface AccountTarget {
  id: string;
  /** A short name people give the target ("Graph", "my API"). */
  label: string;
  target: Target;
  /** The URL the "copy as curl" format calls. */
  curlUrl?: string;
  token?: TokenMeta;
}

/** The provider, client and user a refresh token was issued to. */
export interface RefreshTokenBinding {
  tokenEndpoint: string;
  clientId: string;
  /** The user's `sub` (or `oid`) when the provider said who signed in. */
  subject?: string;
}

/** A named sign-in: everything needed to get tokens again, minus secrets. */
export interface AccountRecord {
  id: string;
  name: string;
  authority: StoredAuthority;
  flow: FlowKind;
  clientId: string;
  clientAuth: ClientAuthConfig;
  /** Interactive flows: where the person signs in. */
  signInMode: 'embedded' | 'system-browser';
  /** The registered redirect URI (embedded mode; its path for system-browser mode). */
  redirectUri?: string;
  /** The password flow's user name (the password itself is never stored). */
  username?: string;
  /** On-behalf-of: the account and target whose access token is exchanged (the incoming token). */
  assertionFrom?: { accountId: string; targetId: string };
  targets: AccountTarget[];
  /** Who signed in, from the last token response. */
  identity?: AccountInfo;
  /**
   * Where the stored refresh token was issued: it is only ever sent to this token endpoint, for
   * this client (RFC 9700 §4.14: a refresh token is bound to its client and provider).
   */
  refreshTokenBinding?: RefreshTokenBinding;
  /** What is known about the refresh token's life: when a sign-in will be needed. */
  refreshTokenLife?: RefreshTokenLife;
  /** Client capabilities declared to Entra ID (`xms_cc`, `cp1`): sent with sign-ins and refreshes. */
  clientCapabilities?: ClientCapability[];
  /**
   * The last claims challenge a refused sign-in or refresh carried: the next sign-in (and refresh)
   * sends it; a success that sent it clears it. Not secret.
   */
  claimsChallenge?: PendingClaimsChallenge;
  createdOn: number;
  updatedOn: number;
}

/** Where each secret of an account is kept in the vault. */
export type SecretKind =
  'client-secret' | 'certificate-key' | 'refresh-token' | 'access-token' | 'id-token';

/**
 * The key of one secret. Account-wide: the client secret, the certificate key and the refresh
 * token (one sign-in, one grant, one refresh token for all targets). Per target: access and ID
 * tokens.
 */
export interface SecretKey {
  accountId: string;
  targetId?: string;
  kind: SecretKind;
}
