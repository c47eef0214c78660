import { nextRefreshTokenLife } from '../contract/sign-in-deadline';
import type {
  AccountRecord,
  AccountTarget,
  RefreshTokenBinding,
  SecretKey,
} from '../accounts/types';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import type { TokenSet } from '../flows/token-set';
import type { Clock } from '../ports';
import type { SecretChange, Vault } from '../vault/types';
import type { CachedToken } from './context';
import type { Persistence } from './persistence';
import type { Redactor } from './redactor';

/** `accountId/targetId`: how the scheduler, the cache and the lifecycles name a target. */
export function targetKey(accountId: string, targetId: string): string {
  return `${accountId}/${targetId}`;
}

/**
 * The error for using secrets of an account that the vault could not open because the cipher is
 * locked: nothing is wrong with the account, and signing in again would not help.
 */
export function storageLockedError(accountName?: string): TokenDockError {
  return tokenDockError(
    'temporarily_unavailable',
    `The saved secrets${accountName ? ` of ${accountName}` : ''} cannot be opened now: the system key store is locked, or access to it was denied.`,
    'Unlock the keyring (or allow TokenDock to use its Keychain item). TokenDock opens them again by itself.',
  );
}

/** A stored token that is there but cannot be opened until the cipher is unlocked. */
class LockedTokenError extends Error {}

/** What a result is kept under: the account's generation when the request started. */
export interface Provenance {
  generation: number;
  /** Where a new refresh token in the result comes from (token endpoint and client). */
  binding: Omit<RefreshTokenBinding, 'subject'>;
  /** The result of a person's sign-in (interactive, device code, password), not a refresh. */
  signIn?: boolean;
}

export interface TokenStoreOptions {
  vault: Vault;
  clock: Clock;
  /** The deadline clock (monotonic plus time slept). */
  deadlines: { now(): number };
  redactor: Redactor;
  persistence: Persistence;
  /** The account as it is now (undefined once removed). */
  account: (accountId: string) => AccountRecord | undefined;
}

/**
 * The one owner of tokens: access and ID tokens per target, one refresh token per account, and
 * each account's generation. A generation increases on every edit, sign-in and removal; a result
 * started under an older generation is refused (`superseded`) and none of its tokens is kept or
 * written. A refresh token is kept with the token endpoint and client it was issued for, and is
 * handed out only for those. Stored tokens are decrypted on first use, not at start.
 */
export class TokenStore {
  readonly #options: TokenStoreOptions;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #refreshTokens = new Map<string, string>();
  readonly #generations = new Map<string, number>();

  constructor(options: TokenStoreOptions) {
    this.#options = options;
  }

  /** The account's generation now. */
  generation(accountId: string): number {
    return this.#generations.get(accountId) ?? 0;
  }

  /** Starts a new generation: results started before it will be refused. */
  bump(accountId: string): number {
    const next = this.generation(accountId) + 1;
    this.#generations.set(accountId, next);
    return next;
  }

  /**
   * Takes note of the tokens the vault holds for `account`, without opening any of them: each
   * target whose metadata shows a token and whose access token is stored gets an entry, opened
   * on first use.
   */
  load(account: AccountRecord): void {
    const { vault, clock, deadlines } = this.#options;
    const wall = clock.now();
    const mono = deadlines.now();
    for (const target of account.targets) {
      const meta = target.token;
      if (!meta) continue;
      const key = { accountId: account.id, targetId: target.id, kind: 'access-token' as const };
      if (!vault.hasSecret(key)) continue;
      // The only moment the wall clock sets a deadline: tokens from disk carry wall-clock expiry.
      this.#tokens.set(
        targetKey(account.id, target.id),
        lazyToken(this.#options, key, meta, wall, mono),
      );
    }
  }

  /** Whether a token is held for the target (without opening it). */
  has(accountId: string, targetId: string): boolean {
    return this.#tokens.has(targetKey(accountId, targetId));
  }

  /**
   * The target's cached token, if any (it may have expired). `undefined` too while it is stored
   * but locked (see `isLocked`): it is kept, and opens once the cipher works again.
   */
  cached(accountId: string, targetId: string): CachedToken | undefined {
    const key = targetKey(accountId, targetId);
    const token = this.#tokens.get(key);
    if (!token) return undefined;
    try {
      void token.accessToken;
      return token;
    } catch (error) {
      // Locked: kept for when the cipher works again. Otherwise it will never open: as if there
      // were none (the vault keeps it sealed on disk all the same).
      if (!(error instanceof LockedTokenError)) this.#tokens.delete(key);
      return undefined;
    }
  }

  /**
   * Whether the account's secrets are locked: some could not be opened because the cipher cannot
   * work now (keyring locked, access denied, not ready). They are kept sealed; `retryLocked` tries
   * again.
   */
  isLocked(accountId: string): boolean {
    return this.#options.vault.isLocked(accountId);
  }

  /** Tries the locked secrets again; returns the accounts that opened. */
  retryLocked(): string[] {
    return this.#options.vault.retryLocked();
  }

  /** Whether the account holds a refresh token (without opening it). */
  hasRefreshToken(account: AccountRecord): boolean {
    return (
      this.#refreshTokens.has(account.id) ||
      (account.refreshTokenBinding !== undefined &&
        this.#options.vault.hasSecret({ accountId: account.id, kind: 'refresh-token' }))
    );
  }

  /**
   * The account's refresh token, only when it was issued by `tokenEndpoint` to `clientId`.
   * A refresh token bound elsewhere is never returned (and is dropped: it belongs to an older
   * configuration).
   */
  refreshTokenFor(
    account: AccountRecord,
    destination: Omit<RefreshTokenBinding, 'subject'>,
  ): string | undefined {
    const binding = account.refreshTokenBinding;
    if (
      !binding ||
      binding.tokenEndpoint !== destination.tokenEndpoint ||
      binding.clientId !== destination.clientId
    ) {
      if (this.hasRefreshToken(account) || binding) void this.forgetRefreshToken(account);
      return undefined;
    }
    let value = this.#refreshTokens.get(account.id);
    if (value === undefined) {
      value = this.#options.vault.readSecret({ accountId: account.id, kind: 'refresh-token' });
      if (value !== undefined) {
        this.#options.redactor.remember(value);
        this.#refreshTokens.set(account.id, value);
      } else if (this.#isLockedSecret({ accountId: account.id, kind: 'refresh-token' })) {
        throw storageLockedError(account.name);
      }
    }
    return value;
  }

  /**
   * Keeps a fresh `TokenSet` for a target, unless the account changed since the request started
   * (`superseded`). A new refresh token is on disk before this resolves; access and ID tokens
   * follow within the group-commit delay.
   */
  async keep(
    account: AccountRecord,
    target: AccountTarget,
    tokens: TokenSet,
    provenance: Provenance,
  ): Promise<CachedToken> {
    const current = this.#options.account(account.id);
    if (
      current !== account ||
      this.generation(account.id) !== provenance.generation ||
      !current.targets.includes(target)
    ) {
      throw superseded(account);
    }
    const { clock, redactor } = this.#options;
    const now = clock.now();
    const key = targetKey(account.id, target.id);
    const previous = this.#tokens.get(key);
    const mono = this.#options.deadlines.now();
    const cached: CachedToken = {
      accessToken: tokens.accessToken,
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
      expiresOn: tokens.expiresOn,
      expiresAtMono: mono + (tokens.expiresOn - now),
      expiresIn: tokens.expiresIn,
      acquiredOn: now,
      scope: tokens.scope,
      ...(tokens.resource ? { resource: tokens.resource } : {}),
      ...providerTimes(tokens, now, mono),
    };
    redactor.remember(tokens.accessToken, tokens.refreshToken, tokens.idToken);
    if (previous) forgetValues(redactor, previous);
    this.#tokens.set(key, cached);

    const changes: SecretChange[] = [
      {
        key: { accountId: account.id, targetId: target.id, kind: 'access-token' },
        value: tokens.accessToken,
      },
      {
        key: { accountId: account.id, targetId: target.id, kind: 'id-token' },
        value: tokens.idToken,
      },
    ];
    const old = this.#refreshTokens.get(account.id);
    const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== old;
    if (tokens.refreshToken) {
      if (old !== undefined && rotated) redactor.forget(old);
      this.#refreshTokens.set(account.id, tokens.refreshToken);
      changes.push({
        key: { accountId: account.id, kind: 'refresh-token' },
        value: tokens.refreshToken,
      });
      const subject = tokens.account.oid ?? tokens.account.subject;
      account.refreshTokenBinding = { ...provenance.binding, ...(subject ? { subject } : {}) };
    }
    if (tokens.refreshToken !== undefined || (old !== undefined && account.refreshTokenLife))
      account.refreshTokenLife = nextRefreshTokenLife(account.refreshTokenLife, {
        newRefreshToken: rotated,
        ...(tokens.refreshTokenExpiresOn !== undefined
          ? { expiresOn: tokens.refreshTokenExpiresOn }
          : {}),
        signIn: provenance.signIn === true,
        at: now,
      });
    target.token = {
      expiresOn: cached.expiresOn,
      expiresIn: cached.expiresIn,
      acquiredOn: now,
      scope: cached.scope,
      ...(cached.resource ? { resource: cached.resource } : {}),
      hasRefreshToken: this.hasRefreshToken(account),
      ...(cached.extExpiresOn !== undefined ? { extExpiresOn: cached.extExpiresOn } : {}),
      ...(cached.refreshOn !== undefined ? { refreshOn: cached.refreshOn } : {}),
    };
    if (tokens.idToken || !account.identity) {
      const previous = account.identity;
      // The same person (OpenID Connect Core §12.2: a refresh's ID token has the same `sub`) keeps
      // what only userinfo told us; anyone else replaces it whole.
      account.identity =
        previous?.subject !== undefined && previous.subject === tokens.account.subject
          ? { ...previous, ...definedOnly(tokens.account) }
          : tokens.account;
    }
    account.updatedOn = now;
    // A new refresh token must be on disk before anyone can use (or lose) it.
    await this.#options.persistence.save(account.id, changes, { durable: rotated });
    return cached;
  }

  /** Forgets the tokens of one target (memory, vault, metadata). */
  forgetTarget(account: AccountRecord, target: AccountTarget): Promise<boolean> {
    const key = targetKey(account.id, target.id);
    const previous = this.#tokens.get(key);
    if (previous) forgetValues(this.#options.redactor, previous);
    this.#tokens.delete(key);
    delete target.token;
    return this.#options.persistence.save(
      account.id,
      [
        {
          key: { accountId: account.id, targetId: target.id, kind: 'access-token' },
          value: undefined,
        },
        { key: { accountId: account.id, targetId: target.id, kind: 'id-token' }, value: undefined },
      ],
      { durable: true },
    );
  }

  /** Forgets the account's refresh token: it is dead (invalid_grant), or belongs elsewhere. */
  forgetRefreshToken(account: AccountRecord): Promise<boolean> {
    const old = this.#refreshTokens.get(account.id);
    if (old !== undefined) this.#options.redactor.forget(old);
    this.#refreshTokens.delete(account.id);
    delete account.refreshTokenBinding;
    delete account.refreshTokenLife;
    for (const target of account.targets) if (target.token) target.token.hasRefreshToken = false;
    return this.#options.persistence.save(
      account.id,
      [{ key: { accountId: account.id, kind: 'refresh-token' }, value: undefined }],
      { durable: true },
    );
  }

  /**
   * Writes an account's record after a person changed it, with changes to its secrets (client
   * secret, certificate key); resolves once on disk (`false`: kept and retried, see "cannot save").
   */
  saveAccount(accountId: string, secrets: readonly SecretChange[] = []): Promise<boolean> {
    return this.#options.persistence.save(accountId, secrets, { durable: true });
  }

  /**
   * A secret of an account as it is now: the newest change not yet written, else the vault's.
   * Throws the storage-locked error when it is stored but locked (not "there is none").
   */
  readSecret(key: SecretKey): string | undefined {
    const pending = this.#options.persistence.pending(key);
    if (pending) return pending.value;
    const value = this.#options.vault.readSecret(key);
    if (value === undefined && this.#isLockedSecret(key)) throw storageLockedError();
    return value;
  }

  /** Whether `key` is stored but locked (not "there is none"). */
  #isLockedSecret(key: SecretKey): boolean {
    return this.isLocked(key.accountId) && this.#options.vault.hasSecret(key);
  }

  /**
   * The stored refresh token whatever it is bound to (for revocation at its own provider);
   * `undefined` when there is none or it is locked (then it is not revoked).
   */
  storedRefreshToken(account: AccountRecord): string | undefined {
    const pending = this.#options.persistence.pending({
      accountId: account.id,
      kind: 'refresh-token',
    });
    return (
      this.#refreshTokens.get(account.id) ??
      (pending
        ? pending.value
        : this.#options.vault.readSecret({ accountId: account.id, kind: 'refresh-token' }))
    );
  }

  /** Forgets a target that no longer exists (memory only: the account's next write drops it). */
  dropTarget(accountId: string, targetId: string): void {
    const key = targetKey(accountId, targetId);
    const previous = this.#tokens.get(key);
    if (previous) forgetValues(this.#options.redactor, previous);
    this.#tokens.delete(key);
    void this.#options.persistence.save(
      accountId,
      [
        { key: { accountId, targetId, kind: 'access-token' }, value: undefined },
        { key: { accountId, targetId, kind: 'id-token' }, value: undefined },
      ],
      { durable: false },
    );
  }

  /** Removes an account: its tokens in memory, its generation moves on, its file goes. */
  async removeAccount(account: AccountRecord): Promise<void> {
    this.#dropAccount(account);
    await this.#options.persistence.remove(account.id);
  }

  #dropAccount(account: AccountRecord): void {
    this.bump(account.id);
    for (const target of account.targets) {
      const key = targetKey(account.id, target.id);
      const previous = this.#tokens.get(key);
      if (previous) forgetValues(this.#options.redactor, previous);
      this.#tokens.delete(key);
    }
    const old = this.#refreshTokens.get(account.id);
    if (old !== undefined) this.#options.redactor.forget(old);
    this.#refreshTokens.delete(account.id);
  }

  /** The monotonic milliseconds a target's token has left (negative once expired). */
  remainingMs(token: CachedToken): number {
    return token.expiresAtMono - this.#options.deadlines.now();
  }

  /** The wall-clock expiry to show, from the monotonic deadline (immune to clock changes since). */
  shownExpiry(token: CachedToken): number {
    return this.#options.clock.now() + this.remainingMs(token);
  }

  /** The wall-clock end of Entra's extended lifetime to show, from its monotonic deadline. */
  shownExtExpiry(token: CachedToken): number | undefined {
    if (token.extExpiresAtMono === undefined) return undefined;
    return this.#options.clock.now() + (token.extExpiresAtMono - this.#options.deadlines.now());
  }
}

/** A cached token whose secret values are opened from the vault on first read. */
function lazyToken(
  options: TokenStoreOptions,
  key: { accountId: string; targetId: string; kind: 'access-token' },
  meta: NonNullable<AccountTarget['token']>,
  wall: number,
  mono: number,
): CachedToken {
  let accessToken: string | undefined;
  let idToken: string | undefined;
  let opened = false;
  const open = () => {
    if (opened) return;
    accessToken = options.vault.readSecret(key);
    if (accessToken === undefined && options.vault.isLocked(key.accountId))
      throw new LockedTokenError('The stored token is locked until the cipher works again.');
    if (accessToken === undefined) throw new Error('The stored token cannot be opened now.');
    idToken = options.vault.readSecret({ ...key, kind: 'id-token' });
    options.redactor.remember(accessToken, idToken);
    opened = true;
  };
  return {
    get accessToken() {
      open();
      return accessToken!;
    },
    get idToken() {
      open();
      return idToken;
    },
    expiresOn: meta.expiresOn,
    expiresAtMono: mono + (meta.expiresOn - wall),
    expiresIn: meta.expiresIn,
    acquiredOn: meta.acquiredOn,
    scope: meta.scope,
    ...(meta.resource ? { resource: meta.resource } : {}),
    ...providerTimes(meta, wall, mono),
  };
}

/**
 * Entra's `ext_expires_in` and `refresh_in` (wall-clock times in a `TokenSet` or stored
 * `TokenMeta`) anchored on the deadline clock at `wall`/`mono`, like the expiry.
 */
function providerTimes(
  times: { extExpiresOn?: number; refreshOn?: number },
  wall: number,
  mono: number,
): Pick<CachedToken, 'extExpiresOn' | 'extExpiresAtMono' | 'refreshOn' | 'refreshAtMono'> {
  return {
    ...(times.extExpiresOn !== undefined
      ? { extExpiresOn: times.extExpiresOn, extExpiresAtMono: mono + (times.extExpiresOn - wall) }
      : {}),
    ...(times.refreshOn !== undefined
      ? { refreshOn: times.refreshOn, refreshAtMono: mono + (times.refreshOn - wall) }
      : {}),
  };
}

function forgetValues(redactor: Redactor, token: CachedToken): void {
  // A token never opened was never remembered: reading it here would open it for nothing.
  const descriptor = Object.getOwnPropertyDescriptor(token, 'accessToken');
  if (descriptor && 'value' in descriptor) redactor.forget(token.accessToken, token.idToken);
}

function superseded(account: AccountRecord): TokenDockError {
  return new TokenDockError({
    code: 'superseded',
    message: `${account.name} changed while its request was under way; the result was discarded.`,
  });
}

/** The fields of `value` that are not undefined (so a spread does not blank what is known). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
