import * as oidc from 'openid-client';
import { aadstsHint } from '../errors/aadsts-hints';
import { TokenDockError } from '../errors/tokendock-error';
import { completeGrant } from './complete-grant';
import type { Connection } from './connect';
import { asParameters, targetParameters, type Target } from './target';
import type { TokenSet } from './token-set';

/**
 * The resource owner password credentials grant (RFC 6749 §4.3), for legacy and test tenants.
 * The password is used for this one request and never kept.
 */
export async function signInWithPassword(
  connection: Connection,
  request: { target: Target; username: string; password: string },
): Promise<TokenSet> {
  const target = targetParameters(request.target, connection.authority.profile, { forUser: true });
  try {
    return await completeGrant(connection, target, 'Password sign-in', () =>
      oidc.genericGrantRequest(connection.config, 'password', {
        ...asParameters(target),
        username: request.username,
        password: request.password,
      }),
    );
  } catch (error) {
    throw withPasswordHint(error);
  }
}

/**
 * In this flow `invalid_grant` means the user name or password was refused (RFC 6749 §5.2), not
 * that an earlier grant expired: say so, unless the provider's own code says more (AADSTS).
 */
function withPasswordHint(error: unknown): unknown {
  if (!(error instanceof TokenDockError) || error.code !== 'invalid_grant') return error;
  if (error.errorCodes?.some((code) => aadstsHint(code) !== undefined)) return error;
  return new TokenDockError(
    {
      ...error.toInfo(),
      hint: 'Check the user name and password. Accounts with multi-factor authentication cannot use this flow: sign in interactively instead.',
    },
    { cause: error },
  );
}
