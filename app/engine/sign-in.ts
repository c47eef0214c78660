import type { AccountRecord, AccountTarget } from '../accounts/types';
import { tokenDockError } from '../errors/tokendock-error';
import { signInWithAuthorizationCode, type InteractiveMode } from '../flows/authorization-code';
import { acquireWithClientCredentials } from '../flows/client-credentials';
import type { Connection } from '../flows/connect';
import { startDeviceCode, type DeviceCodePrompt } from '../flows/device-code';
import { signInWithPassword } from '../flows/password';
import type { TokenSet } from '../flows/token-set';
import { withUserInfo } from '../flows/userinfo';
import { isAppOnlyFlow } from '../contract/accounts';
import {
  parseSystemBrowserRedirect,
  redirectHint,
  type SystemBrowserRedirect,
} from '../contract/system-browser-redirect';
import { claimsToSend, clearClaimsChallenge, rememberClaimsChallenge } from './claims';
import { connectionFor, type EngineContext } from './context';
import { bindingOf, type RefreshService } from './refresh-service';

export interface SignInOptions {
  /** The password flow's password: used for this request only, never stored. */
  password?: string;
  /** Called with the code to show, for the device code flow. */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void;
  /** Called with what is happening now, in words for people. */
  onProgress?: (step: string) => void;
  signal?: AbortSignal;
  /**
   * System browser: after how long without an answer the progress shows the redirect URI to
   * register at the provider. Default 20 s.
   */
  redirectHintAfterMs?: number;
}

/** How long a system-browser sign-in waits before showing the redirect URI to register. */
const REDIRECT_HINT_AFTER_MS = 20_000;

/** What a person's sign-in waits for, by sign-in mode or flow. */
const WAITING: Record<string, string> = {
  embedded: 'Waiting for you to sign in in the sign-in window…',
  'system-browser': 'Waiting for you to sign in in your browser…',
  device_code: 'Waiting for the code to be entered on the other device…',
  password: 'Signing in with the password…',
};

/**
 * Signs an account in with its flow and replaces its tokens. The person approves once, for
 * every target where the provider allows it (see `approvalParameters`); the first target's
 * token comes from that sign-in, the others from the new refresh token. App flows
 * (client credentials, on-behalf-of) acquire each target directly. A sign-in starts a new
 * generation of the account: refreshes still under way from before are discarded, and the
 * sign-in's own result is discarded if the account is edited or removed meanwhile.
 */
export async function signInAccount(
  ctx: EngineContext,
  refresh: RefreshService,
  account: AccountRecord,
  options: SignInOptions,
): Promise<void> {
  const [first, ...rest] = account.targets;
  if (!first)
    throw tokenDockError('invalid_configuration', 'The account has no target to sign in for.');
  const progress = options.onProgress ?? (() => undefined);
  const generation = ctx.store.bump(account.id);
  progress('Contacting the provider…');
  const connection = await connectionFor(ctx, account);
  if (isAppOnlyFlow(account.flow)) {
    for (const target of account.targets) {
      progress(`Requesting a token for ${target.label}…`);
      await refresh.refresh(account, target, {
        rethrow: true,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    return;
  }
  progress(
    WAITING[account.flow === 'authorization_code' ? account.signInMode : account.flow] ??
      'Signing in…',
  );
  // A pending claims challenge (and the client's capabilities) go with the sign-in; a refusal
  // carrying a new challenge replaces it, a success clears the one it answered.
  const claims = claimsToSend(account);
  let signedIn: TokenSet;
  try {
    signedIn = await userSignIn(ctx, connection, account, first, rest, options, claims.parameter);
  } catch (error) {
    await rememberClaimsChallenge(ctx, account, error, first.id);
    throw error;
  }
  // When the ID token holds no name or e-mail (OIDC Core §5.4), they are read once from the
  // provider's userinfo; a failure there keeps the ID token's identity and the sign-in.
  const tokens = await withUserInfo(connection, signedIn, ctx.logger);
  await ctx.store.keep(account, first, tokens, {
    generation,
    binding: bindingOf(connection),
    signIn: !isAppOnlyFlow(account.flow),
  });
  await clearClaimsChallenge(ctx, account, claims.answers);
  ctx.states.apply(account, first, { type: 'refreshed', at: ctx.deps.clock.now() });
  // The other targets' tokens may be another user's: they come again from the new refresh token.
  for (const target of rest) {
    await ctx.store.forgetTarget(account, target);
    ctx.states.apply(account, target, { type: 'tokens-dropped' });
  }
  refresh.schedule(account, first);
  for (const target of rest) {
    progress(`Getting a token for ${target.label}…`);
    // Failures are recorded on the target (needs sign-in / error); the sign-in itself succeeded.
    await refresh.refresh(account, target, { rethrow: false });
  }
}

async function userSignIn(
  ctx: EngineContext,
  connection: Connection,
  account: AccountRecord,
  first: AccountTarget,
  rest: AccountTarget[],
  options: SignInOptions,
  claims?: string,
): Promise<TokenSet> {
  const alsoFor = rest.map((t) => t.target);
  switch (account.flow) {
    case 'authorization_code':
      return signInWithAuthorizationCode(connection, {
        target: first.target,
        alsoFor,
        mode: interactiveMode(ctx, account, options),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(account.username ? { loginHint: account.username } : {}),
        ...(claims ? { claims } : {}),
      });
    case 'device_code': {
      const session = await startDeviceCode(connection, {
        target: first.target,
        alsoFor,
        ...(claims ? { claims } : {}),
      });
      options.onDeviceCode?.(session.prompt);
      return session.waitForTokens(options.signal);
    }
    case 'password':
      if (!options.password)
        throw tokenDockError('invalid_configuration', 'Enter the password to sign in.');
      if (!account.username)
        throw tokenDockError('invalid_configuration', 'The account has no user name.');
      ctx.redactor.remember(options.password);
      return signInWithPassword(connection, {
        target: first.target,
        username: account.username,
        password: options.password,
      });
    default:
      return acquireWithClientCredentials(connection, { target: first.target });
  }
}

function interactiveMode(
  ctx: EngineContext,
  account: AccountRecord,
  options: SignInOptions,
): InteractiveMode {
  if (account.signInMode === 'system-browser') {
    if (!ctx.deps.externalBrowser)
      throw tokenDockError('invalid_configuration', 'No system browser is available here.');
    const { host, port, path } = systemBrowserRedirect(account.redirectUri);
    const progress = options.onProgress;
    return {
      kind: 'system-browser',
      browser: ctx.deps.externalBrowser,
      host,
      ...(port ? { port } : {}),
      ...(path ? { redirectPath: path } : {}),
      ...(progress
        ? {
            noAnswer: {
              afterMs: options.redirectHintAfterMs ?? REDIRECT_HINT_AFTER_MS,
              notify: (redirectUri: string) => progress(redirectHint(redirectUri)),
            },
          }
        : {}),
    };
  }
  if (!ctx.deps.authWindow)
    throw tokenDockError(
      'invalid_configuration',
      'This account signs in in an embedded window, which only the desktop app has: edit it to sign in with the system browser.',
    );
  if (!account.redirectUri)
    throw tokenDockError('invalid_configuration', 'The account has no redirect URI.');
  return {
    kind: 'embedded',
    authWindow: ctx.deps.authWindow,
    redirectUri: account.redirectUri,
    partition: `persist:tokendock-${account.id}`,
  };
}

/**
 * Where a system-browser sign-in listens. An account stored before redirect URIs were checked
 * for this mode may hold one that is not loopback (left from the embedded mode): as before, its
 * path is used on 127.0.0.1 at a random port.
 */
function systemBrowserRedirect(uri: string | undefined): SystemBrowserRedirect {
  const parsed = parseSystemBrowserRedirect(uri);
  if (parsed.ok) return parsed.redirect;
  const path = URL.parse(uri ?? '')?.pathname;
  return { host: '127.0.0.1', ...(path && path !== '/' ? { path } : {}) };
}
