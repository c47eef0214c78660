import type { AccountRecord, AccountTarget } from '../accounts/types';
import { SIGN_IN_AGAIN_CODES, TRANSIENT_CODES } from '../errors/error-codes';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { acquireWithClientCredentials } from '../flows/client-credentials';
import { acquireOnBehalfOf } from '../flows/on-behalf-of';
import { refreshTokens } from '../flows/refresh';
import { backoffDelayMs, refreshDueAt } from '../refresh/policy';
import { RefreshScheduler } from '../refresh/scheduler';
import { SingleFlight } from '../refresh/single-flight';
import { accountState } from './account-state';
import {
  connectionFor,
  findTarget,
  statusOf,
  targetKey,
  type CachedToken,
  type EngineContext,
} from './context';
import { forgetRefreshToken, storeTokens } from './token-store';

const APP_FLOWS = new Set(['client_credentials', 'on_behalf_of']);

/**
 * Keeps tokens fresh: the scheduler's jobs, `getToken`'s on-demand refreshes, their failures.
 * One refresh per target at a time (single-flight); the refreshes of one account run one after
 * another, because they spend the account's single, rotating refresh token.
 */
export class RefreshService {
  readonly scheduler: RefreshScheduler;
  private readonly flights = new SingleFlight<CachedToken>();
  private readonly accountChains = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: EngineContext) {
    this.scheduler = new RefreshScheduler({
      clock: ctx.deps.clock,
      timers: ctx.deps.timers,
      concurrency: ctx.settings.refreshConcurrency,
      run: (key) => this.runScheduled(key),
    });
  }

  /** Puts a target's next refresh (or expiry warning) on the scheduler. */
  schedule(account: AccountRecord, target: AccountTarget): void {
    const token = this.ctx.tokens.get(targetKey(account.id, target.id));
    if (!token) return;
    this.scheduler.schedule(
      targetKey(account.id, target.id),
      refreshDueAt(token, this.ctx.settings, this.ctx.deps.random),
    );
  }

  /**
   * A valid access token for the target, refreshing first when less than `minValiditySeconds`
   * is left. Concurrent callers share one request.
   */
  async getToken(
    accountId: string,
    targetId: string,
    minValiditySeconds = 0,
  ): Promise<CachedToken> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    const key = targetKey(accountId, targetId);
    const cached = this.ctx.tokens.get(key);
    if (cached && cached.expiresOn - this.ctx.deps.clock.now() >= minValiditySeconds * 1000)
      return cached;
    const status = statusOf(this.ctx, key);
    if (status.needsSignIn) throw signInAgain(account, status.lastError?.message);
    return this.refresh(account, target, { rethrow: true }) as Promise<CachedToken>;
  }

  /** The scheduler's job for one target. */
  private async runScheduled(key: string): Promise<void> {
    const [accountId, targetId] = key.split('/') as [string, string];
    const account = this.ctx.accounts.get(accountId);
    const target = account?.targets.find((t) => t.id === targetId);
    if (!account || !target) return;
    if (!this.hasRefreshPath(account)) return this.warnNoRefreshPath(account, target);
    await this.refresh(account, target, { rethrow: false });
  }

  private hasRefreshPath(account: AccountRecord): boolean {
    return APP_FLOWS.has(account.flow) || this.ctx.refreshTokens.has(account.id);
  }

  /** Refreshes one target, recording success or failure; single-flight per target. */
  async refresh(
    account: AccountRecord,
    target: AccountTarget,
    { rethrow }: { rethrow: boolean },
  ): Promise<CachedToken | undefined> {
    const key = targetKey(account.id, target.id);
    const status = statusOf(this.ctx, key);
    const wasRunning = this.flights.has(key);
    const flight = this.flights.run(key, () =>
      this.inAccountOrder(account.id, () => this.acquire(account, target)),
    );
    if (!wasRunning) {
      status.refreshing = true;
      this.emitState(account);
    }
    try {
      const token = await flight;
      if (!wasRunning) this.succeeded(account, target, token);
      return token;
    } catch (error) {
      const failure = toTokenDockError(error, 'Refresh');
      if (!wasRunning) this.failed(account, target, failure);
      if (rethrow) throw failure;
      return undefined;
    } finally {
      if (!wasRunning) {
        status.refreshing = false;
        this.emitState(account);
      }
    }
  }

  private inAccountOrder<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.accountChains.get(accountId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.accountChains.set(accountId, settled);
    void settled.then(() => {
      if (this.accountChains.get(accountId) === settled) this.accountChains.delete(accountId);
    });
    return next;
  }

  /** Gets a new token for the target: re-acquire for app flows, refresh grant otherwise. */
  private async acquire(account: AccountRecord, target: AccountTarget): Promise<CachedToken> {
    const connection = await connectionFor(this.ctx, account);
    let tokens;
    if (account.flow === 'client_credentials') {
      tokens = await acquireWithClientCredentials(connection, { target: target.target });
    } else if (account.flow === 'on_behalf_of') {
      const source = account.assertionFrom;
      if (!source)
        throw tokenDockError(
          'invalid_configuration',
          'This on-behalf-of account has no incoming token source.',
        );
      const incoming = await this.getToken(source.accountId, source.targetId, 60);
      tokens = await acquireOnBehalfOf(connection, {
        target: target.target,
        assertion: incoming.accessToken,
      });
    } else {
      const refreshToken = this.ctx.refreshTokens.get(account.id);
      if (!refreshToken) throw signInAgain(account);
      // A rotated refresh token is on disk before it is spent again.
      this.ctx.persistence.flushFor(account.id);
      tokens = await refreshTokens(connection, { target: target.target, refreshToken });
    }
    return storeTokens(this.ctx, account, target, tokens);
  }

  private succeeded(account: AccountRecord, target: AccountTarget, token: CachedToken): void {
    const key = targetKey(account.id, target.id);
    const status = statusOf(this.ctx, key);
    Object.assign(status, { needsSignIn: false, stuck: false, attempt: 0, warnedExpiring: false });
    delete status.lastError;
    delete status.retryAt;
    status.lastRefreshOn = this.ctx.deps.clock.now();
    this.schedule(account, target);
    this.ctx.activity.add({
      at: status.lastRefreshOn,
      kind: 'refreshed',
      accountId: account.id,
      accountName: account.name,
      targetLabel: target.label,
      message: `Refreshed ${target.label}.`,
    });
    this.ctx.events.emit({
      type: 'token-refreshed',
      accountId: account.id,
      targetId: target.id,
      expiresOn: token.expiresOn,
    });
  }

  /**
   * A failed refresh: `invalid_grant` and friends end in "sign in again" with no retry; transient
   * failures back off (honouring Retry-After) and leave the cached token alone; anything else
   * needs a person and is not retried.
   */
  private failed(account: AccountRecord, target: AccountTarget, error: TokenDockError): void {
    const key = targetKey(account.id, target.id);
    const status = statusOf(this.ctx, key);
    const now = this.ctx.deps.clock.now();
    status.lastError = error.toInfo();
    const base = {
      at: now,
      accountId: account.id,
      accountName: account.name,
      targetLabel: target.label,
      code: error.code,
      ...(error.hint ? { hint: error.hint } : {}),
    };
    if (SIGN_IN_AGAIN_CODES.has(error.code)) {
      this.markNeedsSignIn(account, target, error);
      this.ctx.events.emit({
        type: 'refresh-failed',
        accountId: account.id,
        targetId: target.id,
        error: error.toInfo(),
      });
      return;
    }
    if (TRANSIENT_CODES.has(error.code)) {
      status.attempt += 1;
      status.retryAt =
        now + backoffDelayMs(status.attempt, error.retryAfterSeconds, this.ctx.deps.random);
      this.scheduler.schedule(key, status.retryAt);
      this.ctx.activity.add({
        ...base,
        kind: 'refresh-failed',
        message: `Refreshing ${target.label} failed (${error.message}); retrying in ${Math.round((status.retryAt - now) / 1000)} s.`,
      });
      this.ctx.events.emit({
        type: 'refresh-failed',
        accountId: account.id,
        targetId: target.id,
        error: error.toInfo(),
        retryAt: status.retryAt,
      });
      return;
    }
    status.stuck = true;
    this.scheduler.unschedule(key);
    this.ctx.activity.add({
      ...base,
      kind: 'refresh-failed',
      message: `Refreshing ${target.label} failed: ${error.message}`,
    });
    this.ctx.deps.notifier.notify({
      title: `${account.name}: refresh failed`,
      body: error.hint ?? error.message,
      accountId: account.id,
    });
    this.ctx.events.emit({
      type: 'refresh-failed',
      accountId: account.id,
      targetId: target.id,
      error: error.toInfo(),
    });
  }

  /** The refresh token is gone or refused: every target of the account needs a new sign-in. */
  markNeedsSignIn(account: AccountRecord, target: AccountTarget, error: TokenDockError): void {
    const alreadyFlagged = account.targets.every(
      (t) => statusOf(this.ctx, targetKey(account.id, t.id)).needsSignIn,
    );
    const userFlow = !APP_FLOWS.has(account.flow);
    for (const t of userFlow ? account.targets : [target]) {
      const key = targetKey(account.id, t.id);
      const status = statusOf(this.ctx, key);
      status.needsSignIn = true;
      status.lastError = error.toInfo();
      this.scheduler.unschedule(key);
    }
    if (userFlow && this.ctx.refreshTokens.has(account.id)) forgetRefreshToken(this.ctx, account);
    if (alreadyFlagged) return;
    this.ctx.activity.add({
      at: this.ctx.deps.clock.now(),
      kind: 'needs-sign-in',
      accountId: account.id,
      accountName: account.name,
      targetLabel: target.label,
      code: error.code,
      ...(error.hint ? { hint: error.hint } : {}),
      message: `${account.name} needs to sign in again: ${error.message}`,
    });
    this.ctx.deps.notifier.notify({
      title: `${account.name} needs to sign in again`,
      body: error.hint ?? error.message,
      accountId: account.id,
    });
    this.emitState(account);
  }

  /** No way to refresh (no refresh token): warn once before expiry, then flag at expiry. */
  private warnNoRefreshPath(account: AccountRecord, target: AccountTarget): void {
    const key = targetKey(account.id, target.id);
    const token = this.ctx.tokens.get(key);
    const status = statusOf(this.ctx, key);
    const now = this.ctx.deps.clock.now();
    if (!token || token.expiresOn <= now) {
      this.markNeedsSignIn(
        account,
        target,
        signInAgain(account, 'The token expired and there is no refresh token.'),
      );
      return;
    }
    if (!status.warnedExpiring) {
      status.warnedExpiring = true;
      const minutes = Math.max(1, Math.round((token.expiresOn - now) / 60_000));
      this.ctx.deps.notifier.notify({
        title: `${account.name} expires in ${minutes} min`,
        body: 'There is no refresh token: sign in again to keep a valid token.',
        accountId: account.id,
      });
      this.emitState(account);
    }
    this.scheduler.schedule(key, token.expiresOn);
  }

  emitState(account: AccountRecord): void {
    this.ctx.events.emit({
      type: 'state-changed',
      accountId: account.id,
      state: accountState(this.ctx, account),
    });
  }
}

function signInAgain(account: AccountRecord, reason?: string): TokenDockError {
  return new TokenDockError({
    code: 'interaction_required',
    message: reason ?? `${account.name} has no refresh token: sign in again.`,
    hint: 'Sign in again to get a new token.',
  });
}
