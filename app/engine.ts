import { randomUUID } from 'node:crypto';
import { DEFAULT_SETTINGS, type AccountRecord, type Settings } from './accounts/types';
import { TokenDockError, tokenDockError } from './errors/tokendock-error';
import { toTokenDockError } from './errors/translate';
import { silentLogger, systemClock, systemTimers } from './ports';
import type { StorageProtection } from './vault/types';
import { ActivityLog, type ActivityEntry } from './engine/activity-log';
import type { AccountInput } from './engine/account-input';
import { connectionFor, findTarget, type EngineContext, type EngineDeps } from './engine/context';
import { curlUrlGuess } from './contract/curl-url';
import { EngineEvents, type EngineEvent } from './engine/events';
import { Persistence } from './engine/persistence';
import { Redactor, redactingLogger } from './engine/redactor';
import { CopyService } from './engine/copy-service';
import { DeadlineClock } from './engine/deadline-clock';
import { updateSettings } from './engine/settings-service';
import { TargetStates } from './engine/target-states';
import { TokenStore, targetKey } from './engine/token-store';
import { AccountService } from './engine/account-service';
import { RefreshService } from './engine/refresh-service';
import { signInAccount, type SignInOptions } from './engine/sign-in';
import { SignInReminders } from './engine/sign-in-reminders';
import type { CopyFormat, DecodedToken } from './engine/token-format';
import { accountView, type AccountView } from './engine/views';
import { findServingTarget, wantedTarget, type WantedTarget } from './engine/target-acquisition';
import { checkAuthority, sandboxDetails, trySandbox } from './engine/provider-operations';
import type { SandboxDetails } from './contract/sandbox';
import type { StoredAuthority } from './contract/authority';
import type { SandboxProvider } from './sandbox';

/** As many targets as the form allows (`accountInputSchema`). */
const MAX_TARGETS = 50;

export type { EngineDeps } from './engine/context';
export type { AccountInput } from './engine/account-input';
export type { AccountView, TargetView } from './engine/views';
export type { EngineEvent, AccountState } from './engine/events';
export type { ActivityEntry } from './engine/activity-log';
export type { CopyFormat, DecodedToken } from './engine/token-format';
export type { SignInOptions } from './engine/sign-in';

/**
 * The engine: accounts, sign-in, tokens, background refresh, copy and decode, events and the
 * activity log. What the desktop app (and the web test host) exposes; it holds every decision,
 * the hosts only adapt its ports.
 */
export class Engine {
  private readonly ctx: EngineContext;
  private readonly refresher: RefreshService;
  private readonly accounts: AccountService;
  private readonly persistence: Persistence;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly copies: CopyService;
  private readonly reminders: SignInReminders;

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
    const logger = redactingLogger(deps.logger ?? silentLogger, redactor);
    const events = new EngineEvents();
    const activity = new ActivityLog(redactor);
    const persistence = new Persistence({
      vault: deps.vault,
      timers: full.timers,
      logger,
      account: (id) => accounts.get(id),
      now: () => full.clock.now(),
      onStateChange: (storage) => {
        activity.add({
          at: full.clock.now(),
          kind: 'storage',
          message:
            storage.kind === 'ok'
              ? 'Everything is saved again.'
              : `Cannot save: ${storage.reason} Changes are kept in memory and saving is retried.`,
        });
        events.emit({ type: 'storage-changed', storage });
      },
    });
    this.persistence = persistence;
    const states = new TargetStates();
    const deadlines = new DeadlineClock(full.clock);
    this.ctx = {
      deps: full,
      logger,
      accounts,
      settings: { ...DEFAULT_SETTINGS, ...data.settings },
      store: new TokenStore({
        vault: deps.vault,
        clock: full.clock,
        deadlines,
        redactor,
        persistence,
        account: (id) => accounts.get(id),
      }),
      states,
      deadlines,
      connections: new Map(),
      events,
      activity,
      redactor,
    };
    states.attach(this.ctx);
    this.refresher = new RefreshService(this.ctx);
    this.accounts = new AccountService(this.ctx, this.refresher, (record) => this.view(record));
    this.copies = new CopyService(this.ctx, this.refresher);
    this.reminders = new SignInReminders(this.ctx);
  }

  /** Loads cached tokens, reports what the vault had to set aside, and starts the scheduler. */
  start(): void {
    for (const account of this.ctx.accounts.values()) {
      this.ctx.store.load(account);
      for (const target of account.targets) {
        if (this.ctx.store.has(account.id, target.id))
          this.ctx.states.init(account, target, { type: 'token-loaded' });
        else if (target.token)
          // It had a token, which was not kept (secrets in memory only): only a sign-in helps.
          this.ctx.states.init(account, target, { type: 'needs-sign-in' });
      }
    }
    const now = this.ctx.deps.clock.now();
    for (const problem of this.ctx.deps.vault.problems) {
      if (problem.kind === 'quarantined') {
        this.ctx.activity.add({
          at: now,
          kind: 'storage',
          message: `A damaged file was set aside as ${problem.movedTo} (${problem.reason}).`,
        });
      } else if (problem.kind === 'undecryptable') {
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
    // Scheduling opens each stored token; where the key store is locked, the account shows
    // "storage locked" instead, keeps everything sealed, and is tried again.
    const locked: AccountRecord[] = [];
    for (const account of this.ctx.accounts.values()) {
      for (const target of account.targets) this.refresher.schedule(account, target);
      if (this.ctx.store.isLocked(account.id)) locked.push(account);
    }
    for (const account of locked) this.refresher.markStorageLocked(account);
    if (locked.length > 0) {
      this.ctx.activity.add({
        at: now,
        kind: 'storage',
        message: `The saved secrets of ${locked.length} account${locked.length === 1 ? '' : 's'} cannot be opened now: the system key store is locked, or access to it was denied. Nothing was deleted; TokenDock opens them once the key store works again.`,
      });
    }
    this.unsubscribers.push(this.reminders.start());
    const power = this.ctx.deps.powerEvents;
    if (power) {
      this.unsubscribers.push(
        power.onResume(() => {
          const slept = this.ctx.deadlines.resumed();
          if (slept > 0) this.ctx.logger.info('engine: resumed from sleep', { sleptMs: slept });
          // Resume and unlock-screen (the Electron host sends both): a keyring may be open now.
          this.refresher.retryLocked();
          this.refresher.scheduler.reevaluate();
          this.reminders.soon();
        }),
        power.onNetworkChange(() => this.refresher.scheduler.reevaluate()),
      );
    }
  }

  /**
   * Stops background work: waits (at most 5 s) for refreshes under way so their tokens are kept,
   * then writes everything not yet on disk. Resolves `false` when something could not be written.
   * The host closes the vault after this.
   */
  async stop(): Promise<boolean> {
    this.refresher.scheduler.stop();
    this.refresher.stopUnlockRetry();
    this.reminders.stop();
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.copies.stop();
    await this.refresher.settle();
    return this.persistence.stop();
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
    this.ctx.states.setSigningIn(record, true);
    try {
      await signInAccount(this.ctx, this.refresher, record, options);
      this.accounts.log(
        record,
        'signed-in',
        `Signed in ${record.name}${record.identity?.userId ? ` as ${record.identity.userId}` : ''}.`,
      );
    } catch (error) {
      const failure = toTokenDockError(error, 'Sign-in');
      if (this.ctx.accounts.get(accountId) !== record) throw failure;
      // Stopped by the person (Cancel, or the sign-in window closed): not a failure.
      const cancelled = failure.code === 'cancelled' || failure.code === 'window_closed';
      this.ctx.activity.add({
        at: this.ctx.deps.clock.now(),
        kind: cancelled ? 'sign-in-cancelled' : 'sign-in-failed',
        accountId,
        accountName: record.name,
        code: failure.code,
        ...(failure.hint && !cancelled ? { hint: failure.hint } : {}),
        message: cancelled
          ? `Sign-in of ${record.name} was cancelled.`
          : `Sign-in of ${record.name} failed: ${failure.message}`,
      });
      throw failure;
    } finally {
      this.ctx.states.setSigningIn(record, false);
      if (this.ctx.accounts.get(accountId) === record)
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
    return { accessToken: token.accessToken, expiresOn: this.ctx.store.shownExpiry(token) };
  }

  /**
   * A token for scopes or a resource (RFC 8707) the caller names instead of a target: the
   * account's target that serves them, or a new one added to the account and acquired without a
   * person where the flow allows it (the refresh token, as ADAL's and MSAL's multi-resource
   * refresh tokens do; a new client-credentials or on-behalf-of request for app flows). Throws
   * what the provider said when it wants a person (`interaction_required`, `needs_sign_in`).
   */
  async acquireTarget(
    accountId: string,
    want: WantedTarget,
    options: { minValiditySeconds?: number } = {},
  ): Promise<{ targetId: string; accessToken: string; expiresOn: number }> {
    const record = this.record(accountId);
    const wanted = wantedTarget(want);
    const serving = findServingTarget(record, wanted);
    // A script asking for ever new scopes must not grow the account without end.
    if (!serving && record.targets.length >= MAX_TARGETS)
      throw tokenDockError(
        'invalid_request',
        `${record.name} has ${MAX_TARGETS} targets already: remove one in the window first.`,
      );
    const target = serving ?? (await this.accounts.addTarget(accountId, wanted));
    try {
      const token = await this.getToken(accountId, target.id, options);
      return { targetId: target.id, ...token };
    } catch (error) {
      // A scope outside the refresh token's grant (RFC 6749 §6): a person must consent to it.
      if (error instanceof TokenDockError && error.code === 'invalid_scope')
        throw new TokenDockError(
          {
            code: 'consent_required',
            message: `${record.name} cannot get ${target.label} without a sign-in: ${error.message}`,
            hint: 'Sign in to this account to consent to the new scopes.',
          },
          { cause: error },
        );
      throw error;
    }
  }

  /** Sets the URL "Copy as curl" calls for a target (http or https). */
  setCurlUrl(accountId: string, targetId: string, url: string): Promise<AccountView> {
    return this.accounts.setCurlUrl(accountId, targetId, url);
  }

  /**
   * A first guess for the URL "Copy as curl" calls (`curlUrlGuess`): Graph's `/v1.0/me`, ARM,
   * the provider's `userinfo` for OpenID scopes (from its metadata, when it can be had), an https
   * resource. Nothing when there is no sensible guess.
   */
  async curlUrlGuess(accountId: string, targetId: string): Promise<{ url?: string }> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    const userinfoEndpoint = await connectionFor(this.ctx, account)
      .then((connection) => connection.config.serverMetadata().userinfo_endpoint)
      .catch(() => undefined);
    const url = curlUrlGuess(target.target, {
      entra: account.authority.kind === 'entra',
      ...(userinfoEndpoint ? { userinfoEndpoint } : {}),
    });
    return url ? { url } : {};
  }

  /** "Refresh now": refreshes regardless of the time left. */
  async refreshNow(accountId: string, targetId: string): Promise<void> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    await this.refresher.refresh(account, target, { rethrow: true });
  }

  /** Refreshes every target that can be refreshed, at most the concurrency cap at once. */
  refreshAll(): void {
    const now = this.ctx.deadlines.now();
    for (const account of this.ctx.accounts.values()) {
      for (const target of account.targets) {
        if (this.ctx.store.cached(account.id, target.id))
          this.refresher.scheduler.schedule(targetKey(account.id, target.id), now);
      }
    }
  }

  /**
   * Copies the target's token as raw, an `Authorization` header or a curl command, refreshing
   * first when it has less than two minutes left; clears the clipboard after the configured delay
   * if it still holds what we put there.
   */
  copyToken(
    accountId: string,
    targetId: string,
    format: CopyFormat,
  ): Promise<{ expiresOn: number }> {
    return this.copies.copy(accountId, targetId, format);
  }

  /** The raw access token, for an explicit "reveal". */
  revealToken(accountId: string, targetId: string): string {
    return this.copies.reveal(accountId, targetId);
  }

  /** Header and claims of the target's access or ID token, times as ISO strings. */
  decodeToken(
    accountId: string,
    targetId: string,
    which: 'access' | 'id' = 'access',
  ): DecodedToken {
    return this.copies.decode(accountId, targetId, which);
  }

  // Settings, storage, activity

  getSettings(): Settings {
    return { ...this.ctx.settings };
  }

  /** Changes settings; a change of the lead time moves every deadline. */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const settings = await updateSettings(this.ctx, this.refresher, patch);
    if (patch.signInWarningDays !== undefined) this.reminders.soon();
    return settings;
  }

  /**
   * How secrets are protected at rest, whether everything is saved, and (`locked`) how many
   * accounts wait for a locked key store.
   */
  storageProtection(): StorageProtection {
    let locked = 0;
    for (const id of this.ctx.accounts.keys()) if (this.ctx.store.isLocked(id)) locked += 1;
    return {
      ...this.ctx.deps.vault.protection,
      saving: this.persistence.state,
      ...(locked > 0 ? { locked: { accounts: locked } } : {}),
    };
  }

  /** Notes in the activity log what a host did for someone outside the window (a script). */
  recordActivity(entry: {
    kind: 'local-access';
    message: string;
    accountId?: string;
    accountName?: string;
  }): void {
    this.ctx.activity.add({ at: this.ctx.deps.clock.now(), ...entry });
  }

  /**
   * Discovers an authority live, as the add-account form checks it (OpenID Connect Discovery
   * 1.0 §4, RFC 8414): its issuer and the endpoints a sign-in would use.
   */
  checkAuthority(authority: StoredAuthority): Promise<{ issuer: string; endpoints: string[] }> {
    return checkAuthority(this.ctx, authority);
  }

  /**
   * Adds one demo account for each flow of the sandbox provider and signs the app-only ones in
   * at once (the browser account signs in in the embedded window where the host has one, else in
   * the system browser). Returns what was added and the demo users.
   */
  trySandbox(
    sandbox: SandboxProvider,
    options: { reset?: boolean } = {},
  ): Promise<{
    issuer: string;
    added: AccountView[];
    users: Array<{ username: string; password: string }>;
  }> {
    return trySandbox(this, sandbox, {
      embeddedWindow: this.ctx.deps.authWindow !== undefined,
      ...options,
    });
  }

  /** The sandbox provider's issuer, clients, secrets, certificate, users, and the demo accounts. */
  sandboxDetails(sandbox: SandboxProvider): SandboxDetails {
    return sandboxDetails(sandbox, this.listAccounts());
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
