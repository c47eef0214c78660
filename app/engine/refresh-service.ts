import { isAppOnlyFlow } from '../contract/accounts';
import type { AccountRecord, AccountTarget } from '../accounts/types';
import { SIGN_IN_AGAIN_CODES, TRANSIENT_CODES, type ErrorCode } from '../errors/error-codes';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { acquireWithClientCredentials } from '../flows/client-credentials';
import type { Connection } from '../flows/connect';
import { acquireOnBehalfOf } from '../flows/on-behalf-of';
import { refreshTokens } from '../flows/refresh';
import type { TokenSet } from '../flows/token-set';
import { backoffDelayMs, refreshDueAt } from '../refresh/policy';
import { RefreshScheduler } from '../refresh/scheduler';
import { SingleFlight } from '../refresh/single-flight';
import {
  connectionFor,
  findTarget,
  monoNow,
  type CachedToken,
  type EngineContext,
} from './context';
import { assertionChainProblem } from './account-input';
import { claimsToSend, clearClaimsChallenge, rememberClaimsChallenge } from './claims';
import { nextAttempt } from './lifecycle';
import { storageLockedError, targetKey, type Provenance } from './token-store';

/** How long `stop()` waits for refreshes under way before writing what it has. */
const STOP_WAIT_MS = 5_000;

/**
 * While secrets are locked, the engine tries to open them again after 5 s, 10 s, 20 s … at most
 * 5 minutes apart (and at once on resume and unlock-screen): cheap, since a locked key store
 * answers at once, and rare enough not to pester the person where a Keychain asks each time.
 */
export const UNLOCK_RETRY_BASE_MS = 5_000;
export const UNLOCK_RETRY_MAX_MS = 5 * 60_000;

export interface RefreshOptions {
  rethrow: boolean;
  /** Aborting stops waiting (a sign-in that waits on another account can be cancelled). */
  signal?: AbortSignal;
}

/**
 * Keeps tokens fresh: the scheduler's jobs, `getToken`'s on-demand refreshes, their failures.
 * One refresh per target at a time (single-flight); the refreshes of one account run one after
 * another, because they spend the account's single, rotating refresh token. Deadlines are on the
 * monotonic clock, so changes of the wall clock neither hand out expired tokens nor cause storms.
 */
export class RefreshService {
  readonly scheduler: RefreshScheduler;
  private readonly flights = new SingleFlight<CachedToken>();
  private readonly accountChains = new Map<string, Promise<unknown>>();
  private readonly underWay = new Set<Promise<unknown>>();
  private unlockTimer: unknown;
  private unlockAttempts = 0;
  private stopped = false;

  constructor(private readonly ctx: EngineContext) {
    this.scheduler = new RefreshScheduler({
      clock: { now: () => monoNow(ctx) },
      timers: ctx.deps.timers,
      concurrency: ctx.settings.refreshConcurrency,
      run: (key) => this.runScheduled(key),
    });
  }

  /** Puts a target's next refresh (or expiry warning) on the scheduler. */
  schedule(account: AccountRecord, target: AccountTarget): void {
    const token = this.ctx.store.cached(account.id, target.id);
    if (!token) return;
    this.scheduler.schedule(
      targetKey(account.id, target.id),
      refreshDueAt(
        {
          expiresOn: token.expiresAtMono,
          expiresIn: token.expiresIn,
          // Entra's `refresh_in`: acquired + refresh_in, on the deadline clock.
          ...(token.refreshAtMono !== undefined ? { refreshOn: token.refreshAtMono } : {}),
        },
        this.ctx.settings,
        this.ctx.deps.random,
      ),
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
    signal?: AbortSignal,
  ): Promise<CachedToken> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    const lifecycle = this.ctx.states.get(accountId, targetId);
    // A target whose grant the provider refused (revoked, expired, consent withdrawn) hands out
    // nothing, not even a token with time left: it may no longer be honoured.
    if (lifecycle.phase === 'needs-sign-in') throw signInAgain(account, lifecycle.error?.message);
    const cached = this.ctx.store.cached(accountId, targetId);
    if (cached && this.ctx.store.remainingMs(cached) >= Math.max(1, minValiditySeconds * 1000))
      return cached;
    if (lifecycle.phase === 'storage-locked' || this.ctx.store.isLocked(accountId))
      throw storageLockedError(account.name);
    return this.refresh(account, target, {
      rethrow: true,
      ...(signal ? { signal } : {}),
    }) as Promise<CachedToken>;
  }

  /** Waits (at most 5 s) for the refreshes under way, so their tokens are kept. */
  async settle(): Promise<void> {
    if (this.underWay.size === 0) return;
    let timer: unknown;
    await Promise.race([
      Promise.allSettled([...this.underWay]),
      new Promise((resolve) => {
        timer = this.ctx.deps.timers.setTimeout(() => resolve(undefined), STOP_WAIT_MS);
      }),
    ]);
    this.ctx.deps.timers.clearTimeout(timer);
  }

  /** The scheduler's job for one target. */
  private async runScheduled(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const account = this.ctx.accounts.get(key.slice(0, slash));
    const target = account?.targets.find((t) => t.id === key.slice(slash + 1));
    if (!account || !target) return;
    if (!this.hasRefreshPath(account)) return this.warnNoRefreshPath(account, target);
    await this.refresh(account, target, { rethrow: false });
  }

  /** Whether a token can be had without a person: an app-only flow, or a refresh token held. */
  hasRefreshPath(account: AccountRecord): boolean {
    return isAppOnlyFlow(account.flow) || this.ctx.store.hasRefreshToken(account);
  }

  /** Refreshes one target, recording success or failure; single-flight per target. */
  async refresh(
    account: AccountRecord,
    target: AccountTarget,
    { rethrow, signal }: RefreshOptions,
  ): Promise<CachedToken | undefined> {
    // Its refresh token (or client secret) is sealed and the key store is locked: nothing to
    // send, and nothing to say but "storage locked".
    if (this.ctx.store.isLocked(account.id)) {
      this.markStorageLocked(account);
      if (rethrow) throw storageLockedError(account.name);
      return undefined;
    }
    const key = targetKey(account.id, target.id);
    const wasRunning = this.flights.has(key);
    const flight = this.flights.run(key, () =>
      this.inAccountOrder(account.id, () => this.acquire(account, target)),
    );
    if (!wasRunning) {
      this.ctx.states.apply(account, target, { type: 'refresh-started' });
      const tracked = flight.then(
        (token) => this.succeeded(account, target, token),
        (error: unknown) => this.failed(account, target, toTokenDockError(error, 'Refresh')),
      );
      this.underWay.add(tracked);
      void tracked.finally(() => this.underWay.delete(tracked));
    }
    try {
      return await abortable(flight, signal);
    } catch (error) {
      if (rethrow) throw toTokenDockError(error, 'Refresh');
      return undefined;
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

  /**
   * Gets a new token for the target: re-acquire for app flows, refresh grant otherwise. What
   * comes back is kept only if the account is still the one the request started for.
   */
  private async acquire(account: AccountRecord, target: AccountTarget): Promise<CachedToken> {
    const generation = this.ctx.store.generation(account.id);
    const connection = await connectionFor(this.ctx, account);
    const provenance: Provenance = { generation, binding: bindingOf(connection) };
    let tokens: TokenSet;
    if (account.flow === 'client_credentials') {
      tokens = await acquireWithClientCredentials(connection, { target: target.target });
    } else if (account.flow === 'on_behalf_of') {
      const source = account.assertionFrom;
      if (!source)
        throw tokenDockError(
          'invalid_configuration',
          'This on-behalf-of account has no incoming token source.',
        );
      // A loop stored before validation refused loops would wait on itself for ever.
      const loop = assertionChainProblem(account, source, [...this.ctx.accounts.values()]);
      if (loop) throw tokenDockError('invalid_configuration', loop.message);
      const incoming = await this.getToken(source.accountId, source.targetId, 60);
      tokens = await acquireOnBehalfOf(connection, {
        target: target.target,
        assertion: incoming.accessToken,
      });
    } else {
      const refreshToken = this.ctx.store.refreshTokenFor(account, provenance.binding);
      if (!refreshToken) throw signInAgain(account);
      // A pending claims challenge and the client's capabilities (see claims.ts).
      const claims = claimsToSend(account);
      tokens = await refreshTokens(connection, {
        target: target.target,
        refreshToken,
        ...(claims.parameter ? { claims: claims.parameter } : {}),
      });
      const kept = await this.ctx.store.keep(account, target, tokens, provenance);
      await clearClaimsChallenge(this.ctx, account, claims.answers);
      return kept;
    }
    return this.ctx.store.keep(account, target, tokens, provenance);
  }

  private succeeded(account: AccountRecord, target: AccountTarget, token: CachedToken): void {
    if (this.ctx.accounts.get(account.id) !== account) return;
    const at = this.ctx.deps.clock.now();
    this.ctx.states.apply(account, target, { type: 'refreshed', at });
    this.schedule(account, target);
    this.ctx.activity.add({
      at,
      kind: 'refreshed',
      accountId: account.id,
      accountName: account.name,
      targetLabel: target.label,
      message: `Refreshed ${target.label} of ${account.name}.`,
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
   * needs a person and is not retried. A superseded result is dropped without a word: the
   * account it was for no longer exists in that form.
   */
  private failed(account: AccountRecord, target: AccountTarget, error: TokenDockError): void {
    const current = this.ctx.accounts.get(account.id);
    if (error.code === 'superseded' || current !== account || !account.targets.includes(target)) {
      if (current === account)
        this.ctx.states.apply(account, target, {
          type: 'refresh-abandoned',
          hasToken: this.ctx.store.cached(account.id, target.id) !== undefined,
        });
      return;
    }
    if (this.ctx.store.isLocked(account.id)) {
      // A secret it needed turned out to be locked (the key store locked after start).
      this.markStorageLocked(account);
      return;
    }
    // A claims challenge the refusal carried is what the next sign-in must answer.
    void rememberClaimsChallenge(this.ctx, account, error, target.id);
    const key = targetKey(account.id, target.id);
    const now = this.ctx.deps.clock.now();
    const base = {
      at: now,
      accountId: account.id,
      accountName: account.name,
      targetLabel: target.label,
      code: error.code,
      ...(error.hint ? { hint: error.hint } : {}),
    };
    if (this.isFirstAcquisition(account, target) && NEEDS_CONSENT_CODES.has(error.code)) {
      // A target the refresh token has never served (added after the sign-in): the provider
      // wants a person for it (consent, step-up), which says nothing about the refresh token.
      const info =
        error.code === 'invalid_scope'
          ? {
              ...error.toInfo(),
              code: 'consent_required' as const,
              hint: `The sign-in did not ask for what ${target.label} needs: sign in again to consent to it.`,
            }
          : error.toInfo();
      this.ctx.states.apply(account, target, { type: 'needs-sign-in', error: info });
      this.scheduler.unschedule(key);
      this.ctx.activity.add({
        ...base,
        kind: 'needs-sign-in',
        message: `${target.label} of ${account.name} needs a sign-in: ${error.message}`,
      });
      this.ctx.events.emit({
        type: 'refresh-failed',
        accountId: account.id,
        targetId: target.id,
        error: info,
      });
      return;
    }
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
      const attempt = nextAttempt(this.ctx.states.get(account.id, target.id));
      const delay = backoffDelayMs(attempt, error.retryAfterSeconds, this.ctx.deps.random);
      const retryAt = monoNow(this.ctx) + delay;
      this.ctx.states.apply(account, target, {
        type: 'transient-failure',
        error: error.toInfo(),
        retryAt,
        retryOn: now + delay,
        offline: error.code === 'network' || error.code === 'timeout',
      });
      this.scheduler.schedule(key, retryAt);
      this.ctx.activity.add({
        ...base,
        kind: 'refresh-failed',
        message: `Refreshing ${target.label} of ${account.name} failed (${error.message}); retrying in ${Math.round(delay / 1000)} s.`,
      });
      this.ctx.events.emit({
        type: 'refresh-failed',
        accountId: account.id,
        targetId: target.id,
        error: error.toInfo(),
        retryAt: now + delay,
      });
      return;
    }
    this.ctx.states.apply(account, target, { type: 'failed', error: error.toInfo() });
    this.scheduler.unschedule(key);
    this.ctx.activity.add({
      ...base,
      kind: 'refresh-failed',
      message: `Refreshing ${target.label} of ${account.name} failed: ${error.message}`,
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

  /**
   * The account's secrets cannot be opened now: every target holding a token shows "storage
   * locked" and leaves the schedule (nothing is dropped or written), and the engine tries again
   * until the key store works (`retryLocked`).
   */
  markStorageLocked(account: AccountRecord): void {
    let changed = false;
    for (const t of account.targets) {
      if (!this.ctx.store.has(account.id, t.id)) continue;
      this.scheduler.unschedule(targetKey(account.id, t.id));
      if (this.ctx.states.get(account.id, t.id).phase === 'storage-locked') continue;
      this.ctx.states.apply(account, t, { type: 'storage-locked' });
      changed = true;
    }
    if (changed) {
      this.ctx.logger.warn('engine: secrets locked; kept sealed, not refreshed', {
        accountId: account.id,
      });
    }
    this.armUnlockRetry();
  }

  /**
   * Tries the locked secrets again. Accounts that open are loaded and scheduled again (a token
   * due by now is refreshed at once); the others stay "storage locked" and the next attempt is
   * armed. Returns the accounts that opened.
   */
  retryLocked(): string[] {
    if (this.unlockTimer !== undefined) {
      this.ctx.deps.timers.clearTimeout(this.unlockTimer);
      this.unlockTimer = undefined;
    }
    const opened = new Set(this.ctx.store.retryLocked());
    const resumed: string[] = [];
    let stillLocked = false;
    for (const account of this.ctx.accounts.values()) {
      const waiting = account.targets.filter(
        (t) => this.ctx.states.get(account.id, t.id).phase === 'storage-locked',
      );
      if (waiting.length === 0 && !opened.has(account.id)) continue;
      if (this.ctx.store.isLocked(account.id)) {
        stillLocked = true;
        continue;
      }
      for (const t of waiting) {
        this.ctx.states.apply(
          account,
          t,
          this.ctx.store.cached(account.id, t.id)
            ? { type: 'token-loaded' }
            : { type: 'tokens-dropped' },
        );
        this.schedule(account, t);
      }
      if (waiting.length > 0) resumed.push(account.id);
    }
    if (resumed.length > 0) {
      this.unlockAttempts = 0;
      this.ctx.activity.add({
        at: this.ctx.deps.clock.now(),
        kind: 'storage',
        message: `The system key store works again: the saved secrets of ${resumed.length} account${resumed.length === 1 ? '' : 's'} are open, and refreshing resumes.`,
      });
      this.ctx.logger.info('engine: locked secrets opened; refreshing resumes', {
        accounts: resumed.length,
      });
    }
    if (stillLocked) this.armUnlockRetry();
    return resumed;
  }

  /** Stops trying to open locked secrets (the engine stops). */
  stopUnlockRetry(): void {
    this.stopped = true;
    if (this.unlockTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.unlockTimer);
    this.unlockTimer = undefined;
  }

  /** Arms the next attempt to open locked secrets (once; backing off). */
  private armUnlockRetry(): void {
    if (this.unlockTimer !== undefined || this.stopped) return;
    const delay = Math.min(UNLOCK_RETRY_MAX_MS, UNLOCK_RETRY_BASE_MS * 2 ** this.unlockAttempts);
    this.unlockAttempts += 1;
    this.unlockTimer = this.ctx.deps.timers.setTimeout(() => {
      this.unlockTimer = undefined;
      this.retryLocked();
    }, delay);
  }

  /** A person's account asking for a target it has never had a token for. */
  isFirstAcquisition(account: AccountRecord, target: AccountTarget): boolean {
    return (
      !isAppOnlyFlow(account.flow) &&
      target.token === undefined &&
      this.ctx.store.cached(account.id, target.id) === undefined
    );
  }

  /** The refresh token is gone or refused: every target of the account needs a new sign-in. */
  markNeedsSignIn(account: AccountRecord, target: AccountTarget, error: TokenDockError): void {
    const alreadyFlagged = account.targets.every(
      (t) => this.ctx.states.get(account.id, t.id).phase === 'needs-sign-in',
    );
    const userFlow = !isAppOnlyFlow(account.flow);
    for (const t of userFlow ? account.targets : [target]) {
      this.ctx.states.apply(account, t, { type: 'needs-sign-in', error: error.toInfo() });
      this.scheduler.unschedule(targetKey(account.id, t.id));
    }
    if (userFlow && this.ctx.store.hasRefreshToken(account))
      void this.ctx.store.forgetRefreshToken(account);
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
  }

  /** No way to refresh (no refresh token): warn once before expiry, then flag at expiry. */
  private warnNoRefreshPath(account: AccountRecord, target: AccountTarget): void {
    const token = this.ctx.store.cached(account.id, target.id);
    const remaining = token ? this.ctx.store.remainingMs(token) : 0;
    if (!token || remaining <= 0) {
      this.markNeedsSignIn(
        account,
        target,
        signInAgain(account, 'The token expired and there is no refresh token.'),
      );
      return;
    }
    const lifecycle = this.ctx.states.get(account.id, target.id);
    if (lifecycle.phase === 'valid' && !lifecycle.warned) {
      const minutes = Math.max(1, Math.round(remaining / 60_000));
      this.ctx.deps.notifier.notify({
        title: `${account.name} expires in ${minutes} min`,
        body: 'There is no refresh token: sign in again to keep a valid token.',
        accountId: account.id,
      });
      this.ctx.states.apply(account, target, { type: 'warned-expiring' });
    }
    this.scheduler.schedule(targetKey(account.id, target.id), token.expiresAtMono);
  }
}

/** Where a refresh token from this connection comes from, and so the only place it goes back to. */
export function bindingOf(connection: Connection): Provenance['binding'] {
  return {
    tokenEndpoint:
      connection.config.serverMetadata().token_endpoint ??
      connection.config.serverMetadata().issuer,
    clientId: connection.clientId,
  };
}

/**
 * What a provider answers when a refresh token may not serve a new target without a person:
 * a scope outside the original grant (RFC 6749 §6), or a sign-in's own refusals (OpenID Connect
 * Core §3.1.2.6; Entra's AADSTS65001 comes as `invalid_grant`).
 */
const NEEDS_CONSENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...SIGN_IN_AGAIN_CODES,
  'invalid_scope',
]);

function signInAgain(account: AccountRecord, reason?: string): TokenDockError {
  return new TokenDockError({
    code: 'interaction_required',
    message: reason ?? `${account.name} has no refresh token: sign in again.`,
    hint: 'Sign in again to get a new token.',
  });
}

/** `promise`, unless `signal` aborts first (then a `cancelled` error; the work goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const cancelled = () =>
    tokenDockError('cancelled', 'Cancelled while waiting for another account’s token.');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
