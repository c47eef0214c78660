import { randomUUID } from 'node:crypto';
import { DEFAULT_SETTINGS, type AccountRecord, type Settings } from './accounts/types';
import { tokenDockError } from './errors/tokendock-error';
import { toTokenDockError } from './errors/translate';
import { silentLogger, systemClock, systemTimers } from './ports';
import type { StorageProtection } from './vault/types';
import { ActivityLog, type ActivityEntry } from './engine/activity-log';
import type { AccountInput } from './engine/account-input';
import { findTarget, targetKey, type EngineContext, type EngineDeps } from './engine/context';
import { EngineEvents, type EngineEvent } from './engine/events';
import { Persistence } from './engine/persistence';
import { Redactor, redactingLogger } from './engine/redactor';
import { AccountService } from './engine/account-service';
import { RefreshService } from './engine/refresh-service';
import { signInAccount, type SignInOptions } from './engine/sign-in';
import {
  describeToken,
  formatToken,
  type CopyFormat,
  type DecodedToken,
} from './engine/token-format';
import { loadTokens } from './engine/token-store';
import { accountView, type AccountView } from './engine/views';

export type { EngineDeps } from './engine/context';
export type { AccountInput } from './engine/account-input';
export type { AccountView, TargetView } from './engine/views';
export type { EngineEvent, AccountState } from './engine/events';
export type { ActivityEntry } from './engine/activity-log';
export type { CopyFormat, DecodedToken } from './engine/token-format';
export type { SignInOptions } from './engine/sign-in';

/** A copied token is refreshed first when it has less than this left (seconds). */
const COPY_MIN_VALIDITY_SECONDS = 120;

/**
 * The engine: accounts, sign-in, tokens, background refresh, copy and decode, events and the
 * activity log. What the desktop app (and the web test host) exposes; it holds every decision,
 * the hosts only adapt its ports.
 */
export class Engine {
  private readonly ctx: EngineContext;
  private readonly refresher: RefreshService;
  private readonly accounts: AccountService;
  private readonly unsubscribers: Array<() => void> = [];
  private clipboardTimer: unknown;

  constructor(deps: EngineDeps) {
    const redactor = new Redactor();
    const full = {
      clock: systemClock,
      timers: systemTimers,
      random: Math.random,
      newId: () => randomUUID(),
      ...deps,
    };
    const data = deps.vault.load();
    const accounts = new Map(data.accounts.map((a) => [a.id, a]));
    this.ctx = {
      deps: full,
      logger: redactingLogger(deps.logger ?? silentLogger, redactor),
      accounts,
      settings: { ...DEFAULT_SETTINGS, ...data.settings },
      tokens: new Map(),
      refreshTokens: new Map(),
      statuses: new Map(),
      signingIn: new Set(),
      connections: new Map(),
      events: new EngineEvents(),
      activity: new ActivityLog(redactor),
      redactor,
      persistence: new Persistence(deps.vault, full.timers, () => accounts.values()),
    };
    this.refresher = new RefreshService(this.ctx);
    this.accounts = new AccountService(this.ctx, this.refresher, (record) => this.view(record));
  }

  /** Loads cached tokens, reports what the vault had to set aside, and starts the scheduler. */
  start(): void {
    loadTokens(this.ctx);
    const now = this.ctx.deps.clock.now();
    for (const problem of this.ctx.deps.vault.problems) {
      if (problem.kind === 'quarantined') {
        this.ctx.activity.add({
          at: now,
          kind: 'storage',
          message: `A damaged file was set aside as ${problem.movedTo} (${problem.reason}).`,
        });
      } else {
        const account = this.ctx.accounts.get(problem.accountId);
        const target = account?.targets[0];
        if (account && target) {
          this.refresher.markNeedsSignIn(
            account,
            target,
            tokenDockError(
              'invalid_grant',
              `The stored secrets of ${account.name} could not be decrypted.`,
              'Sign in again.',
            ),
          );
        }
      }
    }
    for (const account of this.ctx.accounts.values()) {
      for (const target of account.targets) this.refresher.schedule(account, target);
    }
    const power = this.ctx.deps.powerEvents;
    if (power) {
      this.unsubscribers.push(
        power.onResume(() => this.refresher.scheduler.reevaluate()),
        power.onNetworkChange(() => this.refresher.scheduler.reevaluate()),
      );
    }
  }

  stop(): void {
    this.ctx.persistence.flush();
    this.refresher.scheduler.stop();
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.clipboardTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.clipboardTimer);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    return this.ctx.events.subscribe(listener);
  }

  // Accounts

  listAccounts(): AccountView[] {
    return [...this.ctx.accounts.values()].map((a) => this.view(a));
  }

  getAccount(accountId: string): AccountView {
    return this.view(this.record(accountId));
  }

  /** Adds an account after checking every field; nothing is saved when anything is wrong. */
  addAccount(input: AccountInput): Promise<AccountView> {
    return this.accounts.add(input);
  }

  /** Changes an account; tokens of targets that stay the same are kept. */
  updateAccount(accountId: string, input: AccountInput): Promise<AccountView> {
    return this.accounts.update(accountId, input);
  }

  renameAccount(accountId: string, name: string): AccountView {
    return this.accounts.rename(accountId, name);
  }

  /** A copy of the configuration (client secrets included), signed out. */
  duplicateAccount(accountId: string): AccountView {
    return this.accounts.duplicate(accountId);
  }

  /** Removes an account, revoking its refresh token where the provider supports it (RFC 7009). */
  removeAccount(accountId: string): Promise<void> {
    return this.accounts.remove(accountId);
  }

  // Sign-in and tokens

  /** Signs in (again), replacing the account's tokens. */
  async signIn(accountId: string, options: SignInOptions = {}): Promise<AccountView> {
    const record = this.record(accountId);
    this.ctx.signingIn.add(accountId);
    this.refresher.emitState(record);
    try {
      await signInAccount(this.ctx, this.refresher, record, options);
      this.accounts.log(
        record,
        'signed-in',
        `Signed in ${record.name}${record.identity?.userId ? ` as ${record.identity.userId}` : ''}.`,
      );
    } catch (error) {
      const failure = toTokenDockError(error, 'Sign-in');
      this.ctx.activity.add({
        at: this.ctx.deps.clock.now(),
        kind: 'sign-in-failed',
        accountId,
        accountName: record.name,
        code: failure.code,
        ...(failure.hint ? { hint: failure.hint } : {}),
        message: `Sign-in of ${record.name} failed: ${failure.message}`,
      });
      throw failure;
    } finally {
      this.ctx.signingIn.delete(accountId);
      this.refresher.emitState(record);
      this.ctx.events.emit({ type: 'account-changed', accountId });
    }
    return this.view(record);
  }

  /**
   * A valid access token: the cached one when it has at least `minValiditySeconds` left,
   * otherwise refreshed first. Concurrent callers share one request.
   */
  async getToken(
    accountId: string,
    targetId: string,
    options: { minValiditySeconds?: number } = {},
  ): Promise<{ accessToken: string; expiresOn: number }> {
    const token = await this.refresher.getToken(
      accountId,
      targetId,
      options.minValiditySeconds ?? 0,
    );
    return { accessToken: token.accessToken, expiresOn: token.expiresOn };
  }

  /** "Refresh now": refreshes regardless of the time left. */
  async refreshNow(accountId: string, targetId: string): Promise<void> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    await this.refresher.refresh(account, target, { rethrow: true });
  }

  /** Refreshes every target that can be refreshed, at most the concurrency cap at once. */
  refreshAll(): void {
    const now = this.ctx.deps.clock.now();
    for (const account of this.ctx.accounts.values()) {
      for (const target of account.targets) {
        if (this.ctx.tokens.has(targetKey(account.id, target.id)))
          this.refresher.scheduler.schedule(targetKey(account.id, target.id), now);
      }
    }
  }

  /**
   * Copies the target's token as raw, an `Authorization` header or a curl command, refreshing
   * first when it has less than two minutes left; clears the clipboard after the configured delay
   * if it still holds what we put there.
   */
  async copyToken(
    accountId: string,
    targetId: string,
    format: CopyFormat,
  ): Promise<{ expiresOn: number }> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    const token = await this.refresher.getToken(accountId, targetId, COPY_MIN_VALIDITY_SECONDS);
    const text = formatToken(token.accessToken, format, target.curlUrl);
    const clipboard = this.ctx.deps.clipboard;
    clipboard.writeText(text);
    if (this.clipboardTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.clipboardTimer);
    const delay = this.ctx.settings.clipboardClearSeconds;
    if (delay > 0) {
      this.clipboardTimer = this.ctx.deps.timers.setTimeout(() => {
        this.clipboardTimer = undefined;
        if (clipboard.readText() === text) clipboard.writeText('');
      }, delay * 1000);
    }
    this.ctx.activity.add({
      at: this.ctx.deps.clock.now(),
      kind: 'copied',
      accountId,
      accountName: account.name,
      targetLabel: target.label,
      message: `Copied the ${target.label} token (${format}).`,
    });
    return { expiresOn: token.expiresOn };
  }

  /** The raw access token, for an explicit "reveal". */
  revealToken(accountId: string, targetId: string): string {
    findTarget(this.ctx, accountId, targetId);
    const token = this.ctx.tokens.get(targetKey(accountId, targetId));
    if (!token) throw tokenDockError('not_found', 'There is no token to reveal: sign in first.');
    return token.accessToken;
  }

  /** Header and claims of the target's access or ID token, times as ISO strings. */
  decodeToken(
    accountId: string,
    targetId: string,
    which: 'access' | 'id' = 'access',
  ): DecodedToken {
    findTarget(this.ctx, accountId, targetId);
    const token = this.ctx.tokens.get(targetKey(accountId, targetId));
    const value = which === 'access' ? token?.accessToken : token?.idToken;
    if (!value) {
      throw tokenDockError(
        'not_found',
        `There is no ${which === 'access' ? 'access' : 'ID'} token to decode.`,
      );
    }
    return describeToken(value);
  }

  // Settings, storage, activity

  getSettings(): Settings {
    return { ...this.ctx.settings };
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const next = { ...this.ctx.settings, ...patch };
    const leadChanged =
      next.leadTimeMinutes !== this.ctx.settings.leadTimeMinutes ||
      next.leadTimeFraction !== this.ctx.settings.leadTimeFraction;
    if (
      patch.persistUnprotectedSecrets !== undefined &&
      patch.persistUnprotectedSecrets !== this.ctx.settings.persistUnprotectedSecrets
    ) {
      this.ctx.deps.vault.setPersistUnprotected(patch.persistUnprotectedSecrets);
    }
    this.ctx.settings = next;
    this.refresher.scheduler.concurrency = next.refreshConcurrency;
    this.ctx.deps.vault.saveSettings(next);
    if (leadChanged)
      for (const account of this.ctx.accounts.values())
        for (const target of account.targets) this.refresher.schedule(account, target);
    return { ...next };
  }

  storageProtection(): StorageProtection {
    return { ...this.ctx.deps.vault.protection };
  }

  activity(): ActivityEntry[] {
    return this.ctx.activity.list();
  }

  /** Scheduler figures, for tests and the bench. */
  schedulerStats(): { inFlight: number; peakInFlight: number; armed: boolean } {
    const s = this.refresher.scheduler;
    return { inFlight: s.inFlight, peakInFlight: s.peakInFlight, armed: s.armed };
  }

  // Internals

  private record(accountId: string): AccountRecord {
    return this.accounts.record(accountId);
  }

  private view(record: AccountRecord): AccountView {
    return accountView(this.ctx, record, (key) => this.refresher.scheduler.dueAt(key));
  }
}
