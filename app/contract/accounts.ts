import type { StoredAuthority } from './authority';
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
  | { kind: 'secret'; method: 'client_secret_basic' | 'client_secret_post' }
  | {
      kind: 'certificate';
      certificatePem?: string;
      thumbprintSha1Hex?: string;
      algorithm: AssertionAlgorithm;
    };

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
  scope?: string;
  lastRefreshOn?: number;
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
  targets: TargetView[];
}
