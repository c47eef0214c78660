import * as oidc from 'openid-client';
import type { AccountRecord, AccountTarget, SecretKey } from '../accounts/types';
import type { Target } from '../contract/tokens';
import { curlUrlProblem } from '../contract/curl-url';
import { labelFor } from './target-acquisition';
import type { SecretChange } from '../vault/types';
import type { AccountInput, AccountView } from '../contract/accounts';
import type { ActivityEntry } from '../contract/events';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { providerMetadataFor, toAccountRecord, validateAccountInput } from './account-input';
import type { Connection } from '../flows/connect';
import { connectionFor, type EngineContext } from './context';
import { adoptRedeemedTokens, redeemRefreshToken } from './refresh-token-sign-in';
import { bindingOf, type RefreshService } from './refresh-service';
import { targetKey } from './token-store';

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

  /**
   * Adds an account after checking every field; nothing is saved when anything is wrong. With a
   * refresh token the person holds (`input.refreshToken`), the token is redeemed first and the
   * account saved only when the provider accepts it (`refresh-token-sign-in.ts`).
   */
  async add(input: AccountInput): Promise<AccountView> {
    // Before anything can log or fail: the pasted refresh token is blanked from every line.
    this.ctx.redactor.remember(input.refreshToken, input.refreshToken?.trim());
    await validateAccountInput(
      input,
      {},
      [...this.ctx.accounts.values()],
      undefined,
      providerMetadataFor(this.ctx),
    );
    const now = this.ctx.deps.clock.now();
    const record = toAccountRecord(input, {
      id: this.ctx.deps.newId(),
      createdOn: now,
      now,
      newId: this.ctx.deps.newId,
    });
    const redeemed =
      input.refreshToken !== undefined
        ? await redeemRefreshToken(this.ctx, record, input)
        : undefined;
    this.ctx.accounts.set(record.id, record);
    await this.ctx.store.saveAccount(record.id, this.clientSecretChanges(record.id, input));
    this.log(record, 'account-added', `Added ${record.name}.`);
    this.ctx.events.emit({ type: 'account-added', accountId: record.id });
    if (redeemed) await adoptRedeemedTokens(this.ctx, this.refresher, record, redeemed);
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
      providerMetadataFor(this.ctx),
    );
    const now = this.ctx.deps.clock.now();
    // Another provider, client, flow or user: the tokens belong to the old configuration.
    const identityChanged =
      JSON.stringify([
        previous.authority,
        previous.clientId,
        previous.flow,
        previous.clientAuth,
        previous.username ?? '',
      ]) !==
      JSON.stringify([
        input.authority,
        input.clientId.trim(),
        input.flow,
        input.clientAuth,
        input.username?.trim() ?? '',
      ]);
    const record = toAccountRecord(input, {
      id: accountId,
      createdOn: previous.createdOn,
      now,
      previous: identityChanged ? undefined : previous,
      newId: this.ctx.deps.newId,
    });
    if (identityChanged) delete record.identity;
    else if (previous.refreshTokenBinding)
      record.refreshTokenBinding = previous.refreshTokenBinding;
    // A new generation: whatever is under way for the old configuration is discarded.
    this.ctx.store.bump(accountId);
    this.ctx.accounts.set(accountId, record);
    this.ctx.connections.delete(accountId);
    for (const target of previous.targets) {
      const kept = record.targets.find((t) => t.id === target.id && t.token);
      if (kept) {
        this.ctx.states.init(record, kept, { type: 'refresh-abandoned', hasToken: true });
        continue;
      }
      this.refresher.scheduler.unschedule(targetKey(accountId, target.id));
      this.ctx.states.forget(accountId, target.id);
      this.ctx.store.dropTarget(accountId, target.id);
    }
    // The refresh token belongs to the old provider or client: it is never sent to the new one.
    if (identityChanged) await this.ctx.store.forgetRefreshToken(record);
    await this.ctx.store.saveAccount(accountId, this.clientSecretChanges(accountId, input));
    for (const target of record.targets) this.refresher.schedule(record, target);
    this.log(record, 'account-changed', `Changed ${record.name}.`);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    // New targets of a signed-in account: acquired with its refresh token (as ADAL's and MSAL's
    // multi-resource refresh tokens allow); a person is asked only when the provider says so.
    if (!identityChanged && this.refresher.hasRefreshPath(record))
      for (const target of record.targets)
        if (!this.ctx.store.cached(accountId, target.id))
          void this.refresher.refresh(record, target, { rethrow: false });
    return this.view(record);
  }

  /**
   * Sets the URL "Copy as curl" calls for a target (http or https), nothing else: no new
   * generation, every token kept.
   */
  async setCurlUrl(accountId: string, targetId: string, url: string): Promise<AccountView> {
    const record = this.record(accountId);
    const target = record.targets.find((t) => t.id === targetId);
    if (!target) throw tokenDockError('not_found', 'This target does not exist (any more).');
    const problem = curlUrlProblem(url);
    if (problem)
      throw new TokenDockError({
        code: 'invalid_configuration',
        message: problem,
        fields: { curlUrl: problem },
      });
    target.curlUrl = url.trim();
    record.updatedOn = this.ctx.deps.clock.now();
    await this.ctx.store.saveAccount(accountId);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    return this.view(record);
  }

  /**
   * Adds a target to an account without touching anything else: no new generation, tokens and
   * refresh token kept. For a token asked for scopes or a resource the account has no target for.
   */
  async addTarget(accountId: string, target: Target): Promise<AccountTarget> {
    const record = this.record(accountId);
    const added: AccountTarget = { id: this.ctx.deps.newId(), label: labelFor(target), target };
    record.targets.push(added);
    record.updatedOn = this.ctx.deps.clock.now();
    await this.ctx.store.saveAccount(accountId, []);
    this.log(record, 'account-changed', `Added ${added.label} to ${record.name}.`);
    this.ctx.events.emit({ type: 'account-changed', accountId });
    return added;
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
    void this.ctx.store.saveAccount(accountId);
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
    delete copy.refreshTokenBinding;
    this.ctx.accounts.set(copy.id, copy);
    const secrets = this.storedSecrets(accountId);
    void this.ctx.store.saveAccount(copy.id, [
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
    const refreshToken = this.ctx.store.storedRefreshToken(record);
    // The connection (and with it the client's credentials) is taken before the secrets go:
    // revocation authenticates as the client (RFC 7009 §2.1).
    const connecting = refreshToken ? connectionFor(this.ctx, record) : undefined;
    connecting?.catch(() => undefined);
    // Gone from the engine first: nothing under way can write it back or tell about it.
    for (const target of record.targets) {
      this.refresher.scheduler.unschedule(targetKey(accountId, target.id));
      this.ctx.states.forget(accountId, target.id);
    }
    this.ctx.accounts.delete(accountId);
    this.ctx.connections.delete(accountId);
    await this.ctx.store.removeAccount(record);
    if (refreshToken && connecting) await this.revoke(record, refreshToken, connecting);
    this.ctx.connections.delete(accountId);
    this.log(record, 'account-removed', `Removed ${record.name} and deleted its secrets.`);
    this.ctx.events.emit({ type: 'account-removed', accountId });
  }

  private async revoke(
    record: AccountRecord,
    refreshToken: string,
    connecting: Promise<Connection>,
  ): Promise<void> {
    const now = () => this.ctx.deps.clock.now();
    try {
      const connection = await connecting;
      const binding = record.refreshTokenBinding;
      const here = bindingOf(connection);
      if (
        binding &&
        (binding.tokenEndpoint !== here.tokenEndpoint || binding.clientId !== here.clientId)
      ) {
        return; // issued elsewhere: it is never sent to this provider, not even to revoke it
      }
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
    const read = (kind: SecretKey['kind']) => this.ctx.store.readSecret({ accountId, kind });
    const clientSecret = read('client-secret');
    const certificateKeyPem = read('certificate-key');
    return {
      ...(clientSecret ? { clientSecret } : {}),
      ...(certificateKeyPem ? { certificateKeyPem } : {}),
    };
  }

  /** The changes to an account's client credential secrets that an input asks for. */
  private clientSecretChanges(accountId: string, input: AccountInput): SecretChange[] {
    const changes: SecretChange[] = [];
    if (input.clientAuth.kind !== 'secret')
      changes.push({ key: { accountId, kind: 'client-secret' }, value: undefined });
    else if (input.clientSecret)
      changes.push({ key: { accountId, kind: 'client-secret' }, value: input.clientSecret });
    if (input.clientAuth.kind !== 'certificate')
      changes.push({ key: { accountId, kind: 'certificate-key' }, value: undefined });
    else if (input.certificateKeyPem)
      changes.push({ key: { accountId, kind: 'certificate-key' }, value: input.certificateKeyPem });
    this.ctx.redactor.remember(input.clientSecret, input.certificateKeyPem);
    return changes;
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
