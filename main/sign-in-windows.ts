import { session } from 'electron';
import { randomUUID } from 'node:crypto';
import type { AccountState } from '../app/contract/accounts';
import type { EngineEvent } from '../app/contract/events';
import { accountPartition } from '../app/host/partition';
import { verificationFlowEnded } from '../app/host/verification-window';
import type { AuthWindow, AuthWindowRequest } from '../app/ports';
import {
  openProviderWindow,
  type ProviderWindowDeps,
  type ProviderWindowHandle,
} from './provider-window';

export type SignInWindowsDeps = ProviderWindowDeps;

/** The engine's view of accounts, for device code windows that close themselves. */
export interface AccountEvents {
  subscribe(listener: (event: EngineEvent) => void): () => void;
  getAccount(accountId: string): { state: AccountState };
}

/**
 * The engine's `AuthWindow` port on the desktop, and the device code verification windows (one
 * per account at a time): each opens a provider window (`provider-window.ts`).
 */
export class SignInWindows implements AuthWindow {
  private readonly verification = new Map<string, ProviderWindowHandle>();

  constructor(private readonly deps: SignInWindowsDeps) {}

  /** Opens the authorization URL and resolves with the caught redirect (see `AuthWindow`). */
  async open(request: AuthWindowRequest): Promise<string> {
    return openProviderWindow(this.deps, {
      url: request.url,
      redirectUri: request.redirectUri,
      // Without a partition from the engine, an in-memory one used once.
      partition: request.partition ?? `tokendock-sign-in-${randomUUID()}`,
      purpose: 'Sign in',
      endOnLoadFailure: true,
      ...(request.signal ? { signal: request.signal } : {}),
    }).result;
  }

  /**
   * Shows a device code verification page in the account's partition; the window closes itself
   * when that account's sign-in ends (signed in, failed, cancelled, account removed).
   */
  openVerification(accountId: string, url: string, accounts: AccountEvents): void {
    this.verification.get(accountId)?.close();
    const handle = openProviderWindow(this.deps, {
      url,
      partition: accountPartition(accountId),
      purpose: 'Enter the code',
      endOnLoadFailure: false,
    });
    this.verification.set(accountId, handle);
    const unsubscribe = accounts.subscribe((event) => {
      let state: AccountState | undefined;
      try {
        state = accounts.getAccount(accountId).state;
      } catch {
        state = undefined;
      }
      if (verificationFlowEnded(event, accountId, state)) handle.close();
    });
    void handle.result
      .catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        if (code !== 'window_closed')
          this.deps.logger.warn('verification window: ended', { code: String(code) });
      })
      .finally(() => {
        unsubscribe();
        if (this.verification.get(accountId) === handle) this.verification.delete(accountId);
      });
  }

  /** Closes the account's window, if open, and deletes its partition's cookies and storage. */
  async forgetAccount(accountId: string): Promise<void> {
    this.verification.get(accountId)?.close();
    const partitionSession = session.fromPartition(accountPartition(accountId));
    await partitionSession.clearStorageData();
    await partitionSession.clearCache();
  }
}
