import * as oidc from 'openid-client';
import { toTokenDockErrorWithBody } from '../errors/translate';
import type { Logger } from '../ports';
import type { Connection } from './connect';
import { accountFrom, type AccountInfo, type TokenSet } from './token-set';

/**
 * Whether a person's identity from the ID token lacks what people recognise an account by: a name
 * (`name`, or given and family name) or a user id (`upn`, `preferred_username`, `email`).
 * OpenID Connect Core §5.4 allows a provider to return these from the UserInfo endpoint only.
 */
export function lacksNameOrEmail(account: AccountInfo): boolean {
  const named = Boolean(account.name ?? account.givenName ?? account.familyName);
  return !named || !account.userId;
}

/**
 * Why the sign-in's access token may not be sent to the UserInfo endpoint, or undefined when it
 * may. The sign-in's token is the first target's, which may be meant for another resource: an
 * API would be handed to the provider's userinfo (refused at best, and a token shown to a party it
 * was not issued for). A token whose scope includes `openid` was granted for the OpenID scopes,
 * which is what userinfo serves (OIDC Core §5.3.1); one requested with a resource indicator
 * (RFC 8707) is bound to that resource even if the provider echoes the OpenID scopes.
 */
function unsuitableToken(tokens: TokenSet): string | undefined {
  if (!tokens.idToken) return 'no ID token was received';
  if (!tokens.account.subject) return 'the ID token has no subject';
  if (tokens.resource) return 'the access token is for a resource';
  if (!tokens.scope.split(/\s+/).includes('openid')) return 'the access token lacks openid scope';
  return undefined;
}

/**
 * A person's sign-in result with the name and e-mail filled from the provider's UserInfo endpoint
 * (OIDC Core §5.3) when the ID token lacks them, asked once with the sign-in's access token.
 * openid-client checks the response's `sub` against the ID token's (§5.3.4: else it could be
 * another user's). Fields the ID token has are kept; userinfo only fills what is missing. Nothing
 * here fails a sign-in: when userinfo cannot be asked or fails, the ID token's identity stays and
 * the reason is logged.
 */
export async function withUserInfo(
  connection: Connection,
  tokens: TokenSet,
  logger: Logger,
): Promise<TokenSet> {
  if (!tokens.idToken || !lacksNameOrEmail(tokens.account)) return tokens;
  const endpoint = connection.config.serverMetadata().userinfo_endpoint;
  if (!endpoint) return tokens;
  const unsuitable = unsuitableToken(tokens);
  if (unsuitable) {
    logger.info('sign-in: userinfo not asked for the name and e-mail', { reason: unsuitable });
    return tokens;
  }
  let claims: Record<string, unknown>;
  try {
    claims = (await oidc.fetchUserInfo(
      connection.config,
      tokens.accessToken,
      tokens.account.subject!,
    )) as Record<string, unknown>;
  } catch (error) {
    const failure = await toTokenDockErrorWithBody(error, 'UserInfo');
    logger.warn('sign-in: userinfo failed; the ID token identity is kept', {
      code: failure.code,
      message: failure.message,
      ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}),
    });
    return tokens;
  }
  return { ...tokens, account: filledFrom(tokens.account, claims, connection) };
}

/** The ID token's identity, with what it lacks taken from the userinfo claims. */
function filledFrom(
  account: AccountInfo,
  claims: Record<string, unknown>,
  connection: Connection,
): AccountInfo {
  const fromUserInfo = accountFrom(claims, connection.config.serverMetadata().issuer);
  const filled: AccountInfo = { ...account };
  for (const key of ['name', 'userId', 'givenName', 'familyName'] as const) {
    const value = fromUserInfo[key];
    if (filled[key] === undefined && value !== undefined) filled[key] = value;
  }
  return filled;
}
