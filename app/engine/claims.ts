import type { AccountRecord } from '../accounts/types';
import { isAppOnlyFlow } from '../contract/accounts';
import { mergeClientCapabilities, type PendingClaimsChallenge } from '../contract/claims-challenge';
import { TokenDockError } from '../errors/tokendock-error';
import type { EngineContext } from './context';

/**
 * An account's claims challenge: the last `claims` a refused sign-in or refresh carried (Entra's
 * `interaction_required` for Conditional Access, MFA step-up, continuous access evaluation) is kept
 * with the account record (not secret), so it survives a restart; the next sign-in and refresh
 * send it as the `claims` parameter, merged with the account's client capabilities; a success
 * that sent it clears it.
 */

/** What one request sends: the `claims` parameter, and the challenge it answers (if any). */
export interface ClaimsToSend {
  /** The `claims` request parameter; undefined when there is nothing to send. */
  parameter?: string;
  /** The pending challenge the parameter answers, cleared when the request succeeds. */
  answers?: PendingClaimsChallenge;
}

/** The `claims` a request of this account sends now. */
export function claimsToSend(account: AccountRecord): ClaimsToSend {
  const answers = account.claimsChallenge;
  const parameter = mergeClientCapabilities(answers?.claims, account.clientCapabilities);
  return { ...(parameter ? { parameter } : {}), ...(answers ? { answers } : {}) };
}

/**
 * Keeps the claims challenge `error` carries as the account's pending challenge (replacing an
 * older one) and writes the record (a person's flow only). A failure without claims leaves the
 * pending challenge as it is; an account that was edited or removed meanwhile is left alone.
 * Resolves once written (a failed write is kept and retried by `Persistence`).
 */
export function rememberClaimsChallenge(
  ctx: EngineContext,
  account: AccountRecord,
  error: unknown,
  targetId?: string,
): Promise<unknown> {
  if (!(error instanceof TokenDockError) || !error.claims) return Promise.resolve();
  // App-only flows never send claims: a challenge kept for them would wait for ever.
  if (isAppOnlyFlow(account.flow) || ctx.accounts.get(account.id) !== account)
    return Promise.resolve();
  account.claimsChallenge = {
    claims: error.claims,
    receivedOn: ctx.deps.clock.now(),
    ...(error.suberror ? { suberror: error.suberror } : {}),
    ...(error.errorCodes?.length ? { errorCodes: [...error.errorCodes] } : {}),
    ...(targetId ? { targetId } : {}),
  };
  ctx.logger.info('engine: claims challenge kept for the next sign-in', {
    accountId: account.id,
    ...(error.suberror ? { suberror: error.suberror } : {}),
  });
  return ctx.store.saveAccount(account.id);
}

/**
 * Clears the pending challenge after a request that sent it succeeded. A newer challenge that
 * arrived meanwhile (another object) stays. Resolves once written.
 */
export function clearClaimsChallenge(
  ctx: EngineContext,
  account: AccountRecord,
  answered: PendingClaimsChallenge | undefined,
): Promise<unknown> {
  if (!answered || account.claimsChallenge !== answered) return Promise.resolve();
  delete account.claimsChallenge;
  return ctx.accounts.get(account.id) === account
    ? ctx.store.saveAccount(account.id)
    : Promise.resolve();
}
