import type { AuthorityProfile } from '../authority/profiles';
import type { AssertionAlgorithm } from '../flows/certificate';
import type { Target } from '../flows/target';
import type { AccountInfo } from '../flows/token-set';

/** How an account signs in. */
export type FlowKind =
  'authorization_code' | 'device_code' | 'password' | 'client_credentials' | 'on_behalf_of';

/**
 * How the client authenticates, without its secret parts (the client secret and the certificate's
 * private key live in the vault's secrets).
 */
export type ClientAuthConfig =
  | { kind: 'none' }
  | { kind: 'secret'; method: 'client_secret_basic' | 'client_secret_post' }
  | {
      kind: 'certificate';
      certificatePem?: string;
      thumbprintSha1Hex?: string;
      algorithm: AssertionAlgorithm;
    };

/** An authority as stored: the sandbox is stored without its issuer, which changes every start. */
export type StoredAuthority = Exclude<AuthorityProfile, { kind: 'sandbox' }> | { kind: 'sandbox' };

/** What is known of a target's token without its secret values. */
export interface TokenMeta {
  expiresOn: number;
  expiresIn: number;
  acquiredOn: number;
  scope: string;
  resource?: string;
  hasRefreshToken: boolean;
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

/** User settings. */
export interface Settings {
  /** Refresh when less than max(leadTimeMinutes, leadTimeFraction × lifetime) is left. */
  leadTimeMinutes: number;
  leadTimeFraction: number;
  /** Seconds before a copied token is cleared from the clipboard (0: never). */
  clipboardClearSeconds: number;
  /** At most this many refreshes at once. */
  refreshConcurrency: number;
  /** Keep secrets on disk even when the cipher gives no real protection. */
  persistUnprotectedSecrets: boolean;
  closeToTray: boolean;
  startAtLogin: boolean;
  theme: 'system' | 'light' | 'dark';
}

export const DEFAULT_SETTINGS: Settings = {
  leadTimeMinutes: 5,
  leadTimeFraction: 0.2,
  clipboardClearSeconds: 30,
  refreshConcurrency: 4,
  persistUnprotectedSecrets: false,
  closeToTray: true,
  startAtLogin: false,
  theme: 'system',
};
