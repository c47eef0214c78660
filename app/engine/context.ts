import type { AccountRecord, AccountTarget, SecretKey, Settings } from '../accounts/types';
import type { AuthorityProfile } from '../authority/profiles';
import { tokenDockError, type ErrorInfo } from '../errors/tokendock-error';
import type { ClientCredential } from '../flows/client-auth';
import { connect, type Connection } from '../flows/connect';
import type {
  AuthWindow,
  Clipboard,
  Clock,
  ExternalBrowser,
  Fetch,
  Logger,
  Notifier,
  PowerEvents,
  Timers,
} from '../ports';
import type { Vault } from '../vault/types';
import type { ActivityLog } from './activity-log';
import type { EngineEvents } from './events';
import type { Persistence } from './persistence';
import type { Redactor } from './redactor';

/** What the host gives the engine. */
export interface EngineDeps {
  vault: Vault;
  fetch: Fetch;
  clipboard: Clipboard;
  notifier: Notifier;
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  authWindow?: AuthWindow;
  externalBrowser?: ExternalBrowser;
  powerEvents?: PowerEvents;
  /** The issuer of the running sandbox provider, starting it when needed. */
  sandboxIssuer?: () => Promise<string>;
  /** Timeout of each request to a provider (ms). */
  timeoutMs?: number;
  random?: () => number;
  newId?: () => string;
}

/** The access and ID token of one target, in memory. */
export interface CachedToken {
  accessToken: string;
  idToken?: string;
  expiresOn: number;
  expiresIn: number;
  acquiredOn: number;
  scope: string;
  resource?: string;
}

/** What the engine knows about one target beyond its token. */
export interface TargetStatus {
  refreshing: boolean;
  needsSignIn: boolean;
  /** Why the last attempt failed, if it did and nothing succeeded since. */
  lastError?: ErrorInfo;
  /** The failure needs a person (not retried automatically). */
  stuck: boolean;
  attempt: number;
  lastRefreshOn?: number;
  retryAt?: number;
  warnedExpiring: boolean;
}

/** The engine's shared state: one instance, passed to the services. */
export interface EngineContext {
  deps: Required<Pick<EngineDeps, 'clock' | 'timers' | 'random' | 'newId'>> & EngineDeps;
  logger: Logger;
  accounts: Map<string, AccountRecord>;
  settings: Settings;
  tokens: Map<string, CachedToken>;
  refreshTokens: Map<string, string>;
  statuses: Map<string, TargetStatus>;
  signingIn: Set<string>;
  connections: Map<string, Promise<Connection>>;
  events: EngineEvents;
  activity: ActivityLog;
  redactor: Redactor;
  persistence: Persistence;
}

/** `accountId/targetId`: how the scheduler, the cache and the statuses name a target. */
export function targetKey(accountId: string, targetId: string): string {
  return `${accountId}/${targetId}`;
}

export function findTarget(
  ctx: EngineContext,
  accountId: string,
  targetId: string,
): { account: AccountRecord; target: AccountTarget } {
  const account = ctx.accounts.get(accountId);
  const target = account?.targets.find((t) => t.id === targetId);
  if (!account || !target)
    throw tokenDockError(
      'not_found',
      'There is no such account or target (it may have been removed).',
    );
  return { account, target };
}

export function statusOf(ctx: EngineContext, key: string): TargetStatus {
  let status = ctx.statuses.get(key);
  if (!status) {
    status = {
      refreshing: false,
      needsSignIn: false,
      stuck: false,
      attempt: 0,
      warnedExpiring: false,
    };
    ctx.statuses.set(key, status);
  }
  return status;
}

/** The secrets of an account's client credential, read from the vault. */
export function clientCredential(ctx: EngineContext, account: AccountRecord): ClientCredential {
  const auth = account.clientAuth;
  const secret = (kind: SecretKey['kind']) =>
    ctx.deps.vault.readSecret({ accountId: account.id, kind });
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'secret': {
      const value = secret('client-secret');
      if (!value)
        throw tokenDockError(
          'invalid_configuration',
          'The client secret is not stored (any more). Edit the account and enter it.',
        );
      return { kind: 'secret', secret: value, method: auth.method };
    }
    case 'certificate': {
      const key = secret('certificate-key');
      if (!key)
        throw tokenDockError(
          'invalid_configuration',
          'The certificate key is not stored (any more). Edit the account and paste it.',
        );
      return {
        kind: 'certificate',
        privateKeyPem: key,
        ...(auth.certificatePem ? { certificatePem: auth.certificatePem } : {}),
        ...(auth.thumbprintSha1Hex ? { thumbprintSha1Hex: auth.thumbprintSha1Hex } : {}),
        algorithm: auth.algorithm,
      };
    }
  }
}

/** The discovered connection of an account, made once and reused until the account changes. */
export function connectionFor(ctx: EngineContext, account: AccountRecord): Promise<Connection> {
  let connection = ctx.connections.get(account.id);
  if (!connection) {
    connection = (async () => {
      const profile: AuthorityProfile =
        account.authority.kind === 'sandbox'
          ? { kind: 'sandbox', issuer: await sandboxIssuer(ctx) }
          : account.authority;
      return connect(
        profile,
        { clientId: account.clientId, credential: clientCredential(ctx, account) },
        {
          fetch: ctx.deps.fetch,
          clock: ctx.deps.clock,
          ...(ctx.deps.timeoutMs ? { timeoutMs: ctx.deps.timeoutMs } : {}),
        },
      );
    })();
    ctx.connections.set(account.id, connection);
    // A failed discovery is not cached: the next attempt discovers again.
    connection.catch(() => ctx.connections.delete(account.id));
  }
  return connection;
}

async function sandboxIssuer(ctx: EngineContext): Promise<string> {
  if (!ctx.deps.sandboxIssuer)
    throw tokenDockError('invalid_configuration', 'The sandbox provider is not available here.');
  return ctx.deps.sandboxIssuer();
}
