import type { AccountRecord, AccountTarget } from '../accounts/types';
import type { TokenSet } from '../flows/token-set';
import type { SecretChange } from '../vault/types';
import { targetKey, type CachedToken, type EngineContext } from './context';

/**
 * Keeps a fresh `TokenSet`: the refresh token (one per account) and the target's access and ID
 * tokens go to the vault in one atomic write before anything can use them, then the cache, the
 * target's metadata and the account's identity are updated.
 */
export function storeTokens(
  ctx: EngineContext,
  account: AccountRecord,
  target: AccountTarget,
  tokens: TokenSet,
): CachedToken {
  const now = ctx.deps.clock.now();
  ctx.redactor.remember(tokens.accessToken, tokens.refreshToken, tokens.idToken);
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
  if (tokens.refreshToken) {
    changes.unshift({
      key: { accountId: account.id, kind: 'refresh-token' },
      value: tokens.refreshToken,
    });
  }
  ctx.persistence.stage(changes);
  if (tokens.refreshToken) ctx.refreshTokens.set(account.id, tokens.refreshToken);

  const cached: CachedToken = {
    accessToken: tokens.accessToken,
    ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    expiresOn: tokens.expiresOn,
    expiresIn: tokens.expiresIn,
    acquiredOn: now,
    scope: tokens.scope,
    ...(tokens.resource ? { resource: tokens.resource } : {}),
  };
  ctx.tokens.set(targetKey(account.id, target.id), cached);
  target.token = {
    expiresOn: cached.expiresOn,
    expiresIn: cached.expiresIn,
    acquiredOn: now,
    scope: cached.scope,
    ...(cached.resource ? { resource: cached.resource } : {}),
    hasRefreshToken: ctx.refreshTokens.has(account.id),
  };
  if (tokens.idToken || !account.identity) account.identity = tokens.account;
  account.updatedOn = now;
  return cached;
}

/** Forgets the tokens of one target (memory, vault, metadata). */
export function forgetTargetTokens(
  ctx: EngineContext,
  account: AccountRecord,
  target: AccountTarget,
): void {
  ctx.tokens.delete(targetKey(account.id, target.id));
  ctx.persistence.write([
    { key: { accountId: account.id, targetId: target.id, kind: 'access-token' }, value: undefined },
    { key: { accountId: account.id, targetId: target.id, kind: 'id-token' }, value: undefined },
  ]);
  delete target.token;
}

/** Forgets the account's refresh token: it is dead (invalid_grant) or the account signs out. */
export function forgetRefreshToken(ctx: EngineContext, account: AccountRecord): void {
  ctx.refreshTokens.delete(account.id);
  for (const target of account.targets) if (target.token) target.token.hasRefreshToken = false;
  ctx.persistence.write([
    { key: { accountId: account.id, kind: 'refresh-token' }, value: undefined },
  ]);
}

/** Loads what the vault kept: refresh tokens per account, access and ID tokens per target. */
export function loadTokens(ctx: EngineContext): void {
  const vault = ctx.deps.vault;
  for (const account of ctx.accounts.values()) {
    const refreshToken = vault.readSecret({ accountId: account.id, kind: 'refresh-token' });
    if (refreshToken) ctx.refreshTokens.set(account.id, refreshToken);
    ctx.redactor.remember(
      refreshToken,
      vault.readSecret({ accountId: account.id, kind: 'client-secret' }),
      vault.readSecret({ accountId: account.id, kind: 'certificate-key' }),
    );
    for (const target of account.targets) {
      const accessToken = vault.readSecret({
        accountId: account.id,
        targetId: target.id,
        kind: 'access-token',
      });
      if (!accessToken || !target.token) continue;
      const idToken = vault.readSecret({
        accountId: account.id,
        targetId: target.id,
        kind: 'id-token',
      });
      ctx.redactor.remember(accessToken, idToken);
      ctx.tokens.set(targetKey(account.id, target.id), {
        accessToken,
        ...(idToken ? { idToken } : {}),
        expiresOn: target.token.expiresOn,
        expiresIn: target.token.expiresIn,
        acquiredOn: target.token.acquiredOn,
        scope: target.token.scope,
        ...(target.token.resource ? { resource: target.token.resource } : {}),
      });
    }
  }
}

/** Writes the accounts (and anything staged) now: after a change a person made. */
export function saveAccounts(ctx: EngineContext): void {
  ctx.persistence.write();
}
