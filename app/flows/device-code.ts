import * as oidc from 'openid-client';
import type { DeviceCodePrompt } from '../contract/tokens';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import {
  approvalParameters,
  asParameters,
  targetParameters,
  type Target,
  type TargetParameters,
} from './target';
import type { TokenSet } from './token-set';

export type { DeviceCodePrompt } from '../contract/tokens';

export interface DeviceCodeSession {
  prompt: DeviceCodePrompt;
  /**
   * Polls the token endpoint until the person finishes (RFC 8628 §3.4, §3.5): honours `interval`,
   * adds 5 s on `slow_down`, keeps going on `authorization_pending`, and ends with a
   * `TokenDockError` on `access_denied`, `expired_token`, the code's local expiry, or `signal`.
   */
  waitForTokens(signal?: AbortSignal): Promise<TokenSet>;
}

/** Starts the device authorization grant (RFC 8628 §3.1). */
export async function startDeviceCode(
  connection: Connection,
  request: {
    target: Target;
    alsoFor?: readonly Target[];
    /**
     * The `claims` request parameter (OpenID Connect Core §5.5; a challenge merged with client
     * capabilities): sent in the device authorization request and in each poll, as MSAL does.
     */
    claims?: string;
  },
): Promise<DeviceCodeSession> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: true });
  let response: oidc.DeviceAuthorizationResponse;
  const approval = approvalParameters(
    [request.target, ...(request.alsoFor ?? [])],
    connection.authority.profile,
  );
  if (request.claims) approval.set('claims', request.claims);
  try {
    response = await oidc.initiateDeviceAuthorization(connection.config, approval);
  } catch (error) {
    throw toTokenDockError(error, 'Starting device code sign-in');
  }
  const expiresIn = response.expires_in;
  const prompt: DeviceCodePrompt = {
    userCode: response.user_code,
    verificationUri: response.verification_uri,
    ...(response.verification_uri_complete
      ? { verificationUriComplete: response.verification_uri_complete }
      : {}),
    message:
      typeof response.message === 'string' && response.message
        ? response.message
        : `To sign in, open ${response.verification_uri} and enter the code ${response.user_code}.`,
    expiresIn,
    expiresOn: connection.clock.now() + expiresIn * 1000,
    interval: response.interval ?? 5,
  };
  return {
    prompt,
    waitForTokens: (signal) => poll(connection, response, target, request.claims, signal),
  };
}

async function poll(
  connection: Connection,
  response: oidc.DeviceAuthorizationResponse,
  target: TargetParameters,
  claims: string | undefined,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  const expiry = AbortSignal.timeout(response.expires_in * 1000);
  const combined = signal ? AbortSignal.any([signal, expiry]) : expiry;
  // openid-client notices an abort only between 5-second steps of its wait; a person who
  // presses Cancel should not wait for that, so the abort itself ends the wait.
  const polling = completeGrant(connection, target, 'Device code sign-in', () =>
    oidc.pollDeviceAuthorizationGrant(
      connection.config,
      response,
      { ...asParameters(target), ...(claims ? { claims } : {}) },
      {
        signal: combined,
      },
    ),
  );
  const stopped = new Promise<never>((_resolve, reject) => {
    if (combined.aborted) reject(combined.reason as Error);
    combined.addEventListener('abort', () => reject(combined.reason as Error), { once: true });
  });
  polling.catch(() => undefined);
  stopped.catch(() => undefined);
  try {
    return await Promise.race([polling, stopped]);
  } catch (error) {
    if (signal?.aborted)
      throw tokenDockError('cancelled', 'Device code sign-in was cancelled.', undefined, error);
    if (expiry.aborted) {
      throw tokenDockError(
        'expired_token',
        'The device code expired before sign-in finished.',
        'Start again and enter the new code sooner.',
        error,
      );
    }
    throw error instanceof TokenDockError ? error : toTokenDockError(error, 'Device code sign-in');
  }
}
