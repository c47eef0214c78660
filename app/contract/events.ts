import type { AccountState } from './accounts';
import type { ErrorCode, ErrorInfo } from './errors';
import type { StorageState } from './settings';

/** What the engine tells the UI and the tray. Carries ids and metadata, never a token. */
export type EngineEvent =
  | { type: 'account-added'; accountId: string }
  | { type: 'account-changed'; accountId: string }
  | { type: 'account-removed'; accountId: string }
  | { type: 'token-refreshed'; accountId: string; targetId: string; expiresOn: number }
  | {
      type: 'refresh-failed';
      accountId: string;
      targetId: string;
      error: ErrorInfo;
      retryAt?: number;
    }
  | { type: 'state-changed'; accountId: string; state: AccountState }
  | { type: 'storage-changed'; storage: StorageState };

export type ActivityKind =
  | 'account-added'
  | 'account-changed'
  | 'account-removed'
  | 'signed-in'
  | 'sign-in-failed'
  /** The person stopped the sign-in (Cancel, or closed the sign-in window): not a failure. */
  | 'sign-in-cancelled'
  | 'refreshed'
  | 'refresh-failed'
  | 'needs-sign-in'
  | 'revoked'
  | 'revoke-failed'
  | 'copied'
  | 'storage'
  /** A program asked something of the local endpoint (the `tokendock` command). */
  | 'local-access'
  /** A sign-in will be needed soon (the refresh token ends): the reminder sent. */
  | 'sign-in-due';

/** One line of the activity log: what happened, never a secret. */
export interface ActivityEntry {
  at: number;
  kind: ActivityKind;
  accountId?: string;
  accountName?: string;
  targetLabel?: string;
  message: string;
  code?: ErrorCode;
  hint?: string;
}
