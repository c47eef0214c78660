import type { AccountView } from '../contract/accounts';
import type { DeviceCodePrompt } from '../contract/tokens';
import type { Engine } from '../engine';

/** What the endpoint uses of the engine: reading accounts and settings, tokens, activity. */
export type EndpointEngine = Pick<
  Engine,
  | 'listAccounts'
  | 'getAccount'
  | 'getToken'
  | 'refreshNow'
  | 'getSettings'
  | 'acquireTarget'
  | 'recordActivity'
>;

/** What a sign-in started from the endpoint reports, and how it is stopped. */
export interface EndpointSignInHooks {
  /** The device code flow's prompt (RFC 8628 §3.3), relayed to the caller. */
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  /** What is happening now, in words for people. */
  onProgress: (step: string) => void;
  /** Aborted when the caller goes away or the endpoint closes. */
  signal: AbortSignal;
}

/**
 * How the host signs an account in for a caller of the endpoint: the host's own sign-in (its
 * sign-in window or system browser, its device-code panel), so a person sees it where they
 * would have started it by hand.
 */
export type EndpointSignIn = (
  accountId: string,
  hooks: EndpointSignInHooks,
) => Promise<AccountView>;
