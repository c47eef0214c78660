import * as oidc from 'openid-client';
import { tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import type { AuthWindow, ExternalBrowser } from '../ports';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { listenForRedirect } from './loopback-redirect';
import { approvalParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

/** Where the person signs in. */
export type InteractiveMode =
  | { kind: 'embedded'; authWindow: AuthWindow; redirectUri: string; partition?: string }
  | {
      kind: 'system-browser';
      browser: ExternalBrowser;
      redirectPath?: string;
      host?: '127.0.0.1' | 'localhost';
      /** A fixed loopback port (the registered redirect URI's); default a random free port. */
      port?: number;
      /** Called once with the redirect URI when nothing has come back after `afterMs`. */
      noAnswer?: { afterMs: number; notify: (redirectUri: string) => void };
    };

export interface AuthorizationCodeRequest {
  target: Target;
  /** More targets the same sign-in should cover (see `approvalParameters`); tokens come for `target`. */
  alsoFor?: readonly Target[];
  mode: InteractiveMode;
  /**
   * OIDC Core §3.1.2.1 `prompt`. Default: `consent` when asking for offline access, except at
   * Microsoft's providers (Entra ID, B2C, AD FS; see `ResolvedAuthority.consentPrompt`).
   */
  prompt?: string;
  loginHint?: string;
  /**
   * The `claims` request parameter (OpenID Connect Core §5.5): a claims challenge to answer,
   * merged with the client's capabilities (`mergeClientCapabilities`). Sent in the authorization
   * request and again in the code redemption, as MSAL does.
   */
  claims?: string;
  signal?: AbortSignal;
}

/**
 * The authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636 with S256), for public and
 * confidential clients alike (the connection carries the client authentication). `state`,
 * `nonce` and the `iss` response parameter (RFC 9207) are checked by openid-client; the ID token
 * is required and validated.
 */
export async function signInWithAuthorizationCode(
  connection: Connection,
  request: AuthorizationCodeRequest,
): Promise<TokenSet> {
  const profile = connection.authority.profile;
  const target = targetParameters(request.target, profile, { forUser: true });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const approval = approvalParameters([request.target, ...(request.alsoFor ?? [])], profile);
  const prompt =
    request.prompt ??
    (connection.authority.consentPrompt &&
    approval.get('scope')?.split(' ').includes('offline_access')
      ? 'consent'
      : undefined);

  const authorize = async (redirectUri: string) => {
    const parameters = new URLSearchParams(approval);
    parameters.set('redirect_uri', redirectUri);
    parameters.set('response_type', 'code');
    parameters.set('code_challenge', await oidc.calculatePKCECodeChallenge(verifier));
    parameters.set('code_challenge_method', 'S256');
    parameters.set('state', state);
    parameters.set('nonce', nonce);
    if (prompt) parameters.set('prompt', prompt);
    if (request.loginHint) parameters.set('login_hint', request.loginHint);
    if (request.claims) parameters.set('claims', request.claims);
    return oidc.buildAuthorizationUrl(connection.config, parameters).href;
  };

  const redirected = await obtainRedirect(request, authorize);
  const current = new URL(redirected);

  return completeGrant(connection, target, 'Sign-in', () =>
    oidc.authorizationCodeGrant(
      connection.config,
      current,
      {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      },
      target.resource || request.claims
        ? {
            ...(target.resource ? { resource: target.resource } : {}),
            ...(request.claims ? { claims: request.claims } : {}),
          }
        : undefined,
    ),
  );
}

/** Shows the authorization URL to the person and returns the URL the provider redirected to. */
async function obtainRedirect(
  request: AuthorizationCodeRequest,
  authorize: (redirectUri: string) => Promise<string>,
): Promise<string> {
  const mode = request.mode;
  if (mode.kind === 'embedded') {
    const redirectUri = normaliseRedirectUri(mode.redirectUri);
    return mode.authWindow.open({
      url: await authorize(redirectUri),
      redirectUri,
      ...(mode.partition ? { partition: mode.partition } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }
  const listener = await listenForRedirect({
    ...(mode.redirectPath ? { path: mode.redirectPath } : {}),
    ...(mode.host ? { host: mode.host } : {}),
    ...(mode.port ? { port: mode.port } : {}),
    ...(mode.noAnswer ? { noAnswer: mode.noAnswer } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  try {
    try {
      await mode.browser.open(await authorize(listener.redirectUri));
    } catch (error) {
      throw toTokenDockError(error, 'Opening the browser');
    }
    return await listener.result;
  } finally {
    await listener.close();
  }
}

/** The redirect URI as URL parsing writes it, so the authorization and token requests send the same string (RFC 6749 §4.1.3). */
function normaliseRedirectUri(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    throw tokenDockError('invalid_configuration', `The redirect URI "${value}" is not a URL.`);
  }
}
