import type { AccountRecord, AccountTarget, SecretKey, Settings } from '../accounts/types';
import type { AuthorityProfile } from '../authority/profiles';
import { tokenDockError } from '../errors/tokendock-error';
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
import type { DeadlineClock } from './deadline-clock';
import type { EngineEvents } from './events';
import type { Redactor } from './redactor';
import type { TargetStates } from './target-states';
import type { TokenStore } from './token-store';

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
  /** Wall-clock expiry (epoch ms), for people and providers. */
  expiresOn: number;
  /** Expiry on the monotonic clock: what every deadline is measured against. */
  expiresAtMono: number;
  expiresIn: number;
  acquiredOn: number;
  scope: string;
  resource?: string;
  /** Entra's `ext_expires_in` as a wall-clock time: usable until then while Entra is down. */
  extExpiresOn?: number;
  /** The same on the deadline clock (what people are shown is computed from it). */
  extExpiresAtMono?: number;
  /** Entra's `refresh_in` on the deadline clock: when the provider wants a refresh. */
  refreshAtMono?: number;
  /** The same as a wall-clock time (stored, and read back at start). */
  refreshOn?: number;
}

/** The engine's shared state: one instance, passed to the services. Each part has one owner. */
export interface EngineContext {
  deps: Required<Pick<EngineDeps, 'clock' | 'timers' | 'random' | 'newId'>> & EngineDeps;
  logger: Logger;
  /** The accounts; changed only by `AccountService` (and identity/token metadata by `TokenStore`). */
  accounts: Map<string, AccountRecord>;
  settings: Settings;
  /** Tokens, refresh tokens, account generations and their persistence. */
  store: TokenStore;
  /** Every target's lifecycle, changed only through its transition function. */
  states: TargetStates;
  /** What deadlines are measured on: monotonic, plus the time slept. */
  deadlines: DeadlineClock;
  connections: Map<string, Promise<Connection>>;
  events: EngineEvents;
  activity: ActivityLog;
  redactor: Redactor;
}

/** Milliseconds on the deadline clock (see `DeadlineClock`). */
export function monoNow(ctx: EngineContext): number {
  return ctx.deadlines.now();
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

/** The secrets of an account's client credential, read from the vault. */
export function clientCredential(ctx: EngineContext, account: AccountRecord): ClientCredential {
  const auth = account.clientAuth;
  const secret = (kind: SecretKey['kind']) => ctx.store.readSecret({ accountId: account.id, kind });
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
        ...(auth.audience ? { audience: auth.audience } : {}),
        ...(auth.sendChain ? { sendChain: true } : {}),
      };
    }
  }
}

/** The discovered connection of an account, made once and reused until the account changes. */
export function connectionFor(ctx: EngineContext, account: AccountRecord): Promise<Connection> {
  let connection = ctx.connections.get(account.id);
  if (!connection) {
    connection = (async () => {
      // Read before anything is awaited: a removal may drop the secrets meanwhile, and its
      // revocation still needs them to authenticate.
      const credential = clientCredential(ctx, account);
      const profile: AuthorityProfile =
        account.authority.kind === 'sandbox'
          ? { kind: 'sandbox', issuer: await sandboxIssuerOf(ctx) }
          : account.authority;
      return connect(
        profile,
        { clientId: account.clientId, credential },
        {
          fetch: ctx.deps.fetch,
          clock: ctx.deps.clock,
          ...(ctx.deps.timeoutMs ? { timeoutMs: ctx.deps.timeoutMs } : {}),
        },
      );
    })();
    ctx.connections.set(account.id, connection);
    // A failed discovery is not cached: the next attempt discovers again.
    connection.catch(() => {
      if (ctx.connections.get(account.id) === connection) ctx.connections.delete(account.id);
    });
  }
  return connection;
}

/** The running sandbox provider's issuer (started when needed); refused where there is none. */
export async function sandboxIssuerOf(ctx: EngineContext): Promise<string> {
  if (!ctx.deps.sandboxIssuer)
    throw tokenDockError('invalid_configuration', 'The sandbox provider is not available here.');
  return ctx.deps.sandboxIssuer();
}
