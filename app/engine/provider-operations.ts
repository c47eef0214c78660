import type { AccountView } from '../contract/accounts';
import type { StoredAuthority } from '../contract/authority';
import { TokenDockError } from '../errors/tokendock-error';
import { connect } from '../flows/connect';
import type { SandboxProvider } from '../sandbox';
import type { AccountInput } from './account-input';
import { sandboxIssuerOf, type EngineContext } from './context';
import { sandboxDemoAccounts } from './sandbox-demo';

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
  signIn(accountId: string): Promise<AccountView>;
  getAccount(accountId: string): AccountView;
}

/**
 * Adds one demo account for each flow of the sandbox provider; the app-only ones sign in at once
 * (a failure there leaves the account to show its error, as any sign-in does).
 */
export async function trySandbox(
  engine: SandboxEngine,
  sandbox: SandboxProvider,
  options: { embeddedWindow: boolean },
): Promise<{
  issuer: string;
  added: AccountView[];
  users: Array<{ username: string; password: string }>;
}> {
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
