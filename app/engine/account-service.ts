import * as oidc from 'openid-client';
import type { AccountRecord, SecretKey } from '../accounts/types';
import type { AccountInput, AccountView } from '../contract/accounts';
import type { ActivityEntry } from '../contract/events';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { toAccountRecord, validateAccountInput } from './account-input';
import { connectionFor, targetKey, type EngineContext } from './context';
import type { RefreshService } from './refresh-service';
import { forgetTargetTokens, saveAccounts } from './token-store';

/**
 * Adding, editing, renaming, duplicating and removing accounts: what is validated, which tokens
 * survive an edit, which secrets are written or deleted, and the revocation on removal.
 */
export class AccountService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly refresher: RefreshService,
    private readonly view: (record: AccountRecord) => AccountView,
  ) {}

  /** Adds an account after checking every field; nothing is saved when anything is wrong. */
  async add(input: AccountInput): Promise<AccountView> {
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
    this.log(record, 'account-added', `Added ${record.name}.`);
    this.ctx.events.emit({ type: 'account-added', accountId: record.id });
    return this.view(record);
  }

  /**
   * Changes an account. Tokens of targets that stay the same are kept; a change of authority,
   * client or flow drops every token (they belong to the old configuration).
   */
  async update(accountId: string, input: AccountInput): Promise<AccountView> {
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
    this.log(record, 'account-changed', `Changed ${record.name}.`);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    return this.view(record);
  }

  rename(accountId: string, name: string): AccountView {
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
  duplicate(accountId: string): AccountView {
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
    this.log(copy, 'account-added', `Duplicated ${source.name} as ${copy.name}.`);
    this.ctx.events.emit({ type: 'account-added', accountId: copy.id });
    return this.view(copy);
  }

  /**
   * Removes an account: revokes its refresh token at the provider where it supports revocation
   * (RFC 7009 §2), then deletes every secret of it, on disk and in memory. A failed revocation is
   * logged and does not stop the removal.
   */
  async remove(accountId: string): Promise<void> {
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
    this.log(record, 'account-removed', `Removed ${record.name} and deleted its secrets.`);
    this.ctx.events.emit({ type: 'account-removed', accountId });
  }

  private async revoke(record: AccountRecord, refreshToken: string): Promise<void> {
    const now = () => this.ctx.deps.clock.now();
    try {
      const connection = await connectionFor(this.ctx, record);
      if (!connection.config.serverMetadata().revocation_endpoint) {
        this.log(
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

  /** The stored account, or a `not_found` error. */
  record(accountId: string): AccountRecord {
    const record = this.ctx.accounts.get(accountId);
    if (!record) {
      throw tokenDockError('not_found', 'There is no such account (it may have been removed).');
    }
    return record;
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

  /** Adds an account's line to the activity log. */
  log(record: AccountRecord, kind: ActivityEntry['kind'], message: string): void {
    this.ctx.activity.add({
      at: this.ctx.deps.clock.now(),
      kind,
      accountId: record.id,
      accountName: record.name,
      message,
    });
  }
}
