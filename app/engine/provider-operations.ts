import type { AccountView } from '../contract/accounts';
import type { StoredAuthority } from '../contract/authority';
import type { SandboxDetails } from '../contract/sandbox';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { connect } from '../flows/connect';
import type { SandboxProvider } from '../sandbox';
import type { AccountInput } from './account-input';
import { sandboxIssuerOf, type EngineContext } from './context';
import { SANDBOX_DEMO_NAMES, sandboxDemoAccounts } from './sandbox-demo';

/** The client id discovery is done under: discovery needs none, `connect` wants one. */
const DISCOVERY_ONLY_CLIENT = 'tokendock-discovery-check';

/**
 * Discovers `authority` live (OpenID Connect Discovery 1.0 §4, RFC 8414 §3) with the engine's
 * fetch and timeout, as a sign-in would, and returns its issuer and the endpoints it names.
 */
export async function checkAuthority(
  ctx: EngineContext,
  authority: StoredAuthority,
): Promise<{ issuer: string; endpoints: string[] }> {
  const profile =
    authority.kind === 'sandbox'
      ? { kind: 'sandbox' as const, issuer: await sandboxIssuerOf(ctx) }
      : authority;
  const connection = await connect(
    profile,
    { clientId: DISCOVERY_ONLY_CLIENT, credential: { kind: 'none' } },
    { fetch: ctx.deps.fetch, timeoutMs: Math.min(ctx.deps.timeoutMs ?? 10_000, 10_000) },
  );
  const metadata = connection.config.serverMetadata();
  const endpoints = [
    metadata.authorization_endpoint,
    metadata.token_endpoint,
    metadata.device_authorization_endpoint,
  ].filter((e): e is string => !!e);
  return { issuer: metadata.issuer, endpoints };
}

/** What `trySandbox` needs of the engine. */
interface SandboxEngine {
  addAccount(input: AccountInput): Promise<AccountView>;
  removeAccount(accountId: string): Promise<void>;
  signIn(accountId: string): Promise<AccountView>;
  getAccount(accountId: string): AccountView;
  listAccounts(): AccountView[];
}

/** The accounts "Try the sandbox" added that are still there: the sandbox's, by their demo names. */
export function sandboxDemoAccountIds(accounts: readonly AccountView[]): string[] {
  return accounts
    .filter((a) => a.authority.kind === 'sandbox' && SANDBOX_DEMO_NAMES.includes(a.name))
    .map((a) => a.id);
}

/** The sandbox provider's issuer, clients, resources and users, for the sandbox panel. */
export function sandboxDetails(
  sandbox: SandboxProvider,
  accounts: readonly AccountView[],
): SandboxDetails {
  const { native, web, daemon, daemonPost, certDaemon, middleTier } = sandbox.clients;
  return {
    issuer: sandbox.issuer,
    discoveryUrl: `${sandbox.issuer}/.well-known/openid-configuration`,
    clients: [
      {
        purpose: 'Public app: authorization code with PKCE, device code, password, refresh',
        clientId: native.clientId,
        redirectUri: native.redirectUri,
      },
      {
        purpose: 'Confidential web app: authorization code with a secret (basic or post)',
        clientId: web.clientId,
        clientSecret: web.clientSecret,
        redirectUri: web.redirectUri,
      },
      {
        purpose: 'Daemon: client credentials, secret with client_secret_basic',
        clientId: daemon.clientId,
        clientSecret: daemon.clientSecret,
      },
      {
        purpose: 'Daemon: client credentials, secret with client_secret_post',
        clientId: daemonPost.clientId,
        clientSecret: daemonPost.clientSecret,
      },
      {
        purpose: 'Daemon with a certificate: private_key_jwt (also authorization code)',
        clientId: certDaemon.clientId,
        redirectUri: certDaemon.redirectUri,
        certificatePem: certDaemon.certificatePem,
        privateKeyPem: certDaemon.privateKeyPem,
        thumbprintSha1Hex: certDaemon.thumbprintSha1Hex,
      },
      {
        purpose: 'Middle tier: on-behalf-of and token exchange, client_secret_basic',
        clientId: middleTier.clientId,
        clientSecret: middleTier.clientSecret,
      },
    ],
    resources: Object.values(sandbox.resources).map((r) => ({
      identifier: r.identifier,
      scopes: [...r.scopes],
    })),
    users: sandbox.users.map((u) => ({ username: u.username, password: u.password, name: u.name })),
    demoAccountIds: sandboxDemoAccountIds(accounts),
  };
}

/**
 * Adds one demo account for each flow of the sandbox provider; the app-only ones sign in at once
 * (a failure there leaves the account to show its error, as any sign-in does). Where the demo
 * accounts are there already it refuses (`invalid_request`) unless asked to `reset`: then they
 * are removed first, so there is never a second set.
 */
export async function trySandbox(
  engine: SandboxEngine,
  sandbox: SandboxProvider,
  options: { embeddedWindow: boolean; reset?: boolean },
): Promise<{
  issuer: string;
  added: AccountView[];
  users: Array<{ username: string; password: string }>;
}> {
  const existing = sandboxDemoAccountIds(engine.listAccounts());
  if (existing.length > 0 && !options.reset)
    throw tokenDockError(
      'invalid_request',
      `The sandbox's demo accounts are there already (${existing.length}): reset them instead of adding them twice.`,
    );
  for (const id of existing) await engine.removeAccount(id);
  const demo = sandboxDemoAccounts(sandbox, options);
  const browser = await engine.addAccount(demo.browser);
  const added = [browser];
  for (const input of demo.others(browser)) added.push(await engine.addAccount(input));
  for (const account of added.filter((a) => a.flow === 'client_credentials')) {
    await engine.signIn(account.id).catch((error: unknown) => {
      if (!(error instanceof TokenDockError)) throw error;
    });
  }
  return {
    issuer: sandbox.issuer,
    added: added.map((a) => engine.getAccount(a.id)),
    users: sandbox.users.map((u) => ({ username: u.username, password: u.password })),
  };
}
