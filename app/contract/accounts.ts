import type { StoredAuthority } from './authority';
import type { SignInDeadline } from './sign-in-deadline';
import type { ClientCapability, PendingClaimsChallenge } from './claims-challenge';
import type { ErrorInfo } from './errors';
import type { AccountInfo, Target } from './tokens';

/** How an account signs in. */
export const FLOW_KINDS = [
  'authorization_code',
  'device_code',
  'password',
  'client_credentials',
  'on_behalf_of',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/**
 * Flows where an app acts as itself, with no person signing in (client credentials, RFC 6749
 * §4.4; on-behalf-of, RFC 8693 / Entra's jwt-bearer): they re-acquire instead of refreshing and
 * need a client credential.
 */
export function isAppOnlyFlow(flow: FlowKind): boolean {
  return flow === 'client_credentials' || flow === 'on_behalf_of';
}

/** The signing algorithms Entra ID accepts for client assertions. */
export type AssertionAlgorithm = 'RS256' | 'PS256';

/**
 * How the client authenticates, without its secret parts (the client secret and the certificate's
 * private key live in the vault's secrets).
 */
export type ClientAuthConfig =
  | { kind: 'none' }
  | { kind: 'secret'; method: SecretMethodChoice }
  | {
      kind: 'certificate';
      certificatePem?: string;
      thumbprintSha1Hex?: string;
      algorithm: AssertionAlgorithm;
      /** The assertion's `aud`; absent means the token endpoint (OpenID Connect Core §9). */
      audience?: AssertionAudience;
      /** Send the certificate chain as `x5c` (RFC 7515 §4.1.6); needs the certificate PEM. */
      sendChain?: boolean;
    };

/** How a client secret is sent (RFC 6749 §2.3.1). */
export type SecretMethod = 'client_secret_basic' | 'client_secret_post';
/**
 * `automatic`: chosen per request from the provider's `token_endpoint_auth_methods_supported`
 * (absent: `client_secret_basic`, RFC 8414 §2). The default for new accounts; stored accounts
 * keep the method they have.
 */
export type SecretMethodChoice = 'automatic' | SecretMethod;
export const SECRET_METHOD_CHOICES = [
  'automatic',
  'client_secret_basic',
  'client_secret_post',
] as const satisfies readonly SecretMethodChoice[];

/** A client assertion's audience: the token endpoint (default) or the issuer identifier. */
export type AssertionAudience = 'token-endpoint' | 'issuer';
export const ASSERTION_AUDIENCES = [
  'token-endpoint',
  'issuer',
] as const satisfies readonly AssertionAudience[];

/** What a person fills in to add or edit an account. Secret parts are write-only. */
export interface AccountInput {
  name: string;
  authority: StoredAuthority;
  flow: FlowKind;
  clientId: string;
  clientAuth: ClientAuthConfig;
  /** A new client secret (omit to keep the stored one when editing). */
  clientSecret?: string;
  /** A new certificate private key PEM (omit to keep the stored one when editing). */
  certificateKeyPem?: string;
  signInMode?: 'embedded' | 'system-browser';
  redirectUri?: string;
  username?: string;
  assertionFrom?: { accountId: string; targetId: string };
  targets: Array<{ id?: string; label: string; target: Target; curlUrl?: string }>;
  /**
   * Client capabilities declared to Entra ID (`xms_cc`): `['cp1']` for continuous access
   * evaluation. Entra ID accounts of a person's flow only; absent or empty: none.
   */
  clientCapabilities?: ClientCapability[];
  /**
   * A refresh token the person already holds (as ADAL's `acquire_token_with_refresh_token`), for
   * adding an account of a person's flow (`canStartFromRefreshToken` in `flow-rules.ts`): redeemed
   * at once for the first target (RFC 6749 §6); the account is saved only when the provider
   * accepts it, and then keeps itself fresh with the refresh token it gets back. Write-only,
   * never logged; refused when editing. The flow stays how the account signs in again.
   */
  refreshToken?: string;
}

/** Every state an account or one of its targets can be in. */
export const ACCOUNT_STATES = [
  'signed-out',
  'signing-in',
  'valid',
  'expiring',
  'refreshing',
  'retrying',
  'offline',
  'needs-sign-in',
  'error',
  /** Its saved secrets cannot be opened now (key store locked, access denied): kept, retried. */
  'storage-locked',
] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** A target as the UI sees it: metadata and times, never the token. */
export interface TargetView {
  id: string;
  label: string;
  target: Target;
  curlUrl?: string;
  state: AccountState;
  expiresOn?: number;
  expiresIn?: number;
  acquiredOn?: number;
  /** Entra's `ext_expires_in` (UTC epoch ms): the token stays usable until then while Entra is down. */
  extExpiresOn?: number;
  scope?: string;
  lastRefreshOn?: number;
  /**
   * When the engine next refreshes it (UTC epoch ms): the scheduled refresh, or, after a
   * transient failure (`offline`, `retrying`, or `error` with no token left), the retry.
   */
  nextRefreshOn?: number;
  lastError?: ErrorInfo;
}

/** An account as the UI sees it. */
export interface AccountView {
  id: string;
  name: string;
  flow: FlowKind;
  authorityLabel: string;
  authority: StoredAuthority;
  clientId: string;
  clientAuth: ClientAuthConfig;
  signInMode: 'embedded' | 'system-browser';
  redirectUri?: string;
  username?: string;
  assertionFrom?: { accountId: string; targetId: string };
  identity?: AccountInfo;
  state: AccountState;
  hasRefreshToken: boolean;
  /**
   * When a sign-in will be needed, where it is known (the provider's end of the refresh token,
   * Entra ID's 90 days without use); absent when nothing is known or there is no refresh token.
   */
  signInNeededBy?: SignInDeadline;
  /** When the person last signed in (interactively, with a device code or a password). */
  lastSignInOn?: number;
  targets: TargetView[];
  /** Client capabilities declared to Entra ID (`['cp1']`: continuous access evaluation). */
  clientCapabilities?: ClientCapability[];
  /** The claims challenge the next sign-in answers (see `describeClaimsChallenge`). */
  claimsChallenge?: PendingClaimsChallenge;
}
