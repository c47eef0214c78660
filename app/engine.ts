import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import {
  DEFAULT_SETTINGS,
  type AccountRecord,
  type SecretKey,
  type Settings,
} from './accounts/types';
import { TokenDockError, tokenDockError } from './errors/tokendock-error';
import { toTokenDockError } from './errors/translate';
import { silentLogger, systemClock, systemTimers } from './ports';
import type { StorageProtection } from './vault/types';
import { ActivityLog, type ActivityEntry } from './engine/activity-log';
import { validateAccountInput, toAccountRecord, type AccountInput } from './engine/account-input';
import {
  connectionFor,
  findTarget,
  targetKey,
  type EngineContext,
  type EngineDeps,
} from './engine/context';
import { EngineEvents, type EngineEvent } from './engine/events';
import { Persistence } from './engine/persistence';
import { Redactor, redactingLogger } from './engine/redactor';
import { RefreshService } from './engine/refresh-service';
import { signInAccount, type SignInOptions } from './engine/sign-in';
import {
  describeToken,
  formatToken,
  type CopyFormat,
  type DecodedToken,
} from './engine/token-format';
import { forgetTargetTokens, loadTokens, saveAccounts } from './engine/token-store';
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
  async addAccount(input: AccountInput): Promise<AccountView> {
    await validateAccountInput(input, {}, [...this.ctx.accounts.values()], undefined);
    const now = this.ctx.deps.clock.now();
    const record = toAccountRecord(input, {
      id: this.ctx.deps.newId(),
      createdOn: now,
      now,
      newId: this.ctx.deps.newId,
    });
    this.ctx.accounts.set(record.id, record);
    this.writeClientSecrets(record.id, input);
    saveAccounts(this.ctx);
    this.logAccount(record, 'account-added', `Added ${record.name}.`);
    this.ctx.events.emit({ type: 'account-added', accountId: record.id });
    return this.view(record);
  }

  /**
   * Changes an account. Tokens of targets that stay the same are kept; a change of authority,
   * client or flow drops every token (they belong to the old configuration).
   */
  async updateAccount(accountId: string, input: AccountInput): Promise<AccountView> {
    const previous = this.record(accountId);
    await validateAccountInput(
      input,
      this.storedSecrets(accountId),
      [...this.ctx.accounts.values()],
      accountId,
    );
    const now = this.ctx.deps.clock.now();
    const identityChanged =
      JSON.stringify([
        previous.authority,
        previous.clientId,
        previous.flow,
        previous.clientAuth,
      ]) !== JSON.stringify([input.authority, input.clientId.trim(), input.flow, input.clientAuth]);
    const record = toAccountRecord(input, {
      id: accountId,
      createdOn: previous.createdOn,
      now,
      previous: identityChanged ? undefined : previous,
      newId: this.ctx.deps.newId,
    });
    if (identityChanged) delete record.identity;
    for (const target of previous.targets) {
      if (!record.targets.some((t) => t.id === target.id && t.token)) {
        this.refresher.scheduler.unschedule(targetKey(accountId, target.id));
        this.ctx.statuses.delete(targetKey(accountId, target.id));
        forgetTargetTokens(this.ctx, previous, target);
      }
    }
    if (identityChanged) {
      this.ctx.refreshTokens.delete(accountId);
      this.ctx.persistence.write(
        [{ key: { accountId, kind: 'refresh-token' }, value: undefined }],
        {
          accounts: false,
        },
      );
    }
    this.ctx.accounts.set(accountId, record);
    this.ctx.connections.delete(accountId);
    this.writeClientSecrets(accountId, input);
    saveAccounts(this.ctx);
    for (const target of record.targets) this.refresher.schedule(record, target);
    this.logAccount(record, 'account-changed', `Changed ${record.name}.`);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    return this.view(record);
  }

  renameAccount(accountId: string, name: string): AccountView {
    const record = this.record(accountId);
    const trimmed = name.trim();
    if (!trimmed) {
      throw new TokenDockError({
        code: 'invalid_configuration',
        message: 'Give the account a name.',
        fields: { name: 'Give the account a name.' },
      });
    }
    record.name = trimmed;
    record.updatedOn = this.ctx.deps.clock.now();
    saveAccounts(this.ctx);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    return this.view(record);
  }

  /** A copy of the configuration (client secrets included), signed out. */
  duplicateAccount(accountId: string): AccountView {
    const source = this.record(accountId);
    const now = this.ctx.deps.clock.now();
    const copy: AccountRecord = {
      ...structuredClone(source),
      id: this.ctx.deps.newId(),
      name: `${source.name} (copy)`,
      createdOn: now,
      updatedOn: now,
      targets: source.targets.map(({ token: _token, ...t }) => ({
        ...structuredClone(t),
        id: this.ctx.deps.newId(),
      })),
    };
    delete copy.identity;
    this.ctx.accounts.set(copy.id, copy);
    const secrets = this.storedSecrets(accountId);
    this.ctx.persistence.write([
      { key: { accountId: copy.id, kind: 'client-secret' }, value: secrets.clientSecret },
      { key: { accountId: copy.id, kind: 'certificate-key' }, value: secrets.certificateKeyPem },
    ]);
    this.logAccount(copy, 'account-added', `Duplicated ${source.name} as ${copy.name}.`);
    this.ctx.events.emit({ type: 'account-added', accountId: copy.id });
    return this.view(copy);
  }

  /**
   * Removes an account: revokes its refresh token at the provider where it supports revocation
   * (RFC 7009 §2), then deletes every secret of it, on disk and in memory. A failed revocation is
   * logged and does not stop the removal.
   */
  async removeAccount(accountId: string): Promise<void> {
    const record = this.record(accountId);
    const refreshToken = this.ctx.refreshTokens.get(accountId);
    if (refreshToken) await this.revoke(record, refreshToken);
    for (const target of record.targets) {
      const key = targetKey(accountId, target.id);
      this.refresher.scheduler.unschedule(key);
      this.ctx.tokens.delete(key);
      this.ctx.statuses.delete(key);
    }
    this.ctx.refreshTokens.delete(accountId);
    this.ctx.connections.delete(accountId);
    this.ctx.accounts.delete(accountId);
    this.ctx.persistence.drop(accountId);
    this.ctx.deps.vault.deleteAccountSecrets(accountId);
    saveAccounts(this.ctx);
    this.logAccount(record, 'account-removed', `Removed ${record.name} and deleted its secrets.`);
    this.ctx.events.emit({ type: 'account-removed', accountId });
  }

  private async revoke(record: AccountRecord, refreshToken: string): Promise<void> {
    const now = () => this.ctx.deps.clock.now();
    try {
      const connection = await connectionFor(this.ctx, record);
      if (!connection.config.serverMetadata().revocation_endpoint) {
        this.logAccount(
          record,
          'revoke-failed',
          `${record.name}: the provider has no revocation endpoint; the refresh token was deleted here only.`,
        );
        return;
      }
      await oidc.tokenRevocation(connection.config, refreshToken, {
        token_type_hint: 'refresh_token',
      });
      this.ctx.activity.add({
        at: now(),
        kind: 'revoked',
        accountId: record.id,
        accountName: record.name,
        message: `Revoked the refresh token of ${record.name}.`,
      });
    } catch (error) {
      const failure = toTokenDockError(error, 'Revocation');
      this.ctx.activity.add({
        at: now(),
        kind: 'revoke-failed',
        accountId: record.id,
        accountName: record.name,
        code: failure.code,
        message: `Could not revoke the refresh token of ${record.name}: ${failure.message}`,
      });
    }
  }

  // Sign-in and tokens

  /** Signs in (again), replacing the account's tokens. */
  async signIn(accountId: string, options: SignInOptions = {}): Promise<AccountView> {
    const record = this.record(accountId);
    this.ctx.signingIn.add(accountId);
    this.refresher.emitState(record);
    try {
      await signInAccount(this.ctx, this.refresher, record, options);
      this.logAccount(
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
    const record = this.ctx.accounts.get(accountId);
    if (!record) {
      throw tokenDockError('not_found', 'There is no such account (it may have been removed).');
    }
    return record;
  }

  private view(record: AccountRecord): AccountView {
    return accountView(this.ctx, record, (key) => this.refresher.scheduler.dueAt(key));
  }

  private storedSecrets(accountId: string) {
    const read = (kind: SecretKey['kind']) => this.ctx.deps.vault.readSecret({ accountId, kind });
    const clientSecret = read('client-secret');
    const certificateKeyPem = read('certificate-key');
    return {
      ...(clientSecret ? { clientSecret } : {}),
      ...(certificateKeyPem ? { certificateKeyPem } : {}),
    };
  }

  private writeClientSecrets(accountId: string, input: AccountInput): void {
    const changes = [];
    if (input.clientAuth.kind !== 'secret')
      changes.push({ key: { accountId, kind: 'client-secret' as const }, value: undefined });
    else if (input.clientSecret)
      changes.push({
        key: { accountId, kind: 'client-secret' as const },
        value: input.clientSecret,
      });
    if (input.clientAuth.kind !== 'certificate')
      changes.push({ key: { accountId, kind: 'certificate-key' as const }, value: undefined });
    else if (input.certificateKeyPem)
      changes.push({
        key: { accountId, kind: 'certificate-key' as const },
        value: input.certificateKeyPem,
      });
    this.ctx.redactor.remember(input.clientSecret, input.certificateKeyPem);
    if (changes.length) this.ctx.persistence.write(changes, { accounts: false });
  }

  private logAccount(record: AccountRecord, kind: ActivityEntry['kind'], message: string): void {
    this.ctx.activity.add({
      at: this.ctx.deps.clock.now(),
      kind,
      accountId: record.id,
      accountName: record.name,
      message,
    });
  }
}
