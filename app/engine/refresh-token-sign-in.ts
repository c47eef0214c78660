import * as oidc from 'openid-client';
import type { AccountRecord } from '../accounts/types';
import type { AuthorityProfile } from '../authority/profiles';
import type { AccountInput } from '../contract/accounts';
import { errorField, REFRESH_TOKEN_REFUSED } from '../contract/flow-rules';
import { TokenDockError } from '../errors/tokendock-error';
import { toTokenDockError, toTokenDockErrorWithBody } from '../errors/translate';
import type { ClientCredential } from '../flows/client-auth';
import { connect, type Connection } from '../flows/connect';
import { refreshTokens } from '../flows/refresh';
import { accountFrom, type TokenSet } from '../flows/token-set';
import { withUserInfo } from '../flows/userinfo';
import type { Logger } from '../ports';
import { sandboxIssuerOf, type EngineContext } from './context';
import { bindingOf, type RefreshService } from './refresh-service';

/**
 * An account added from a refresh token the person already holds, as ADAL's
 * `acquire_token_with_refresh_token`: the token is one more way in for a person's flow, not a
 * flow of its own. It is redeemed at once with a refresh token grant for the first target
 * (RFC 6749 §6), before anything is saved, so a token the provider refuses leaves no account and
 * no secret behind. Once accepted the account is like any other person's account: the refresh
 * token that comes back (rotated, or the same one) is stored and bound as a sign-in's would be,
 * the other targets are acquired from it, and when it dies the account signs in again with its
 * flow.
 */

/** What a redemption brings back, for {@link adoptRedeemedTokens}. */
export interface RedeemedRefreshToken {
  connection: Connection;
  tokens: TokenSet;
}

/**
 * Redeems `input.refreshToken` for the first target of `record` (not yet in the engine). The
 * provider is discovered with the input's own client credential (nothing is stored yet). Who
 * signed in comes from the ID token when the refresh returns one (with userinfo filling a name
 * or e-mail it lacks), else from userinfo when the token may be shown to it.
 *
 * @throws a `TokenDockError` whose `fields` name the form field at fault, decided by error code
 * (`errorField`): `invalid_grant` says {@link REFRESH_TOKEN_REFUSED} at `refreshToken`. No message
 * carries the token.
 */
export async function redeemRefreshToken(
  ctx: EngineContext,
  record: AccountRecord,
  input: AccountInput,
): Promise<RedeemedRefreshToken> {
  const refreshToken = input.refreshToken?.trim() ?? '';
  const first = record.targets[0];
  try {
    if (!first || !refreshToken)
      throw new TokenDockError({
        code: 'invalid_configuration',
        message: 'The account has no target or no refresh token to redeem.',
      });
    const profile: AuthorityProfile =
      record.authority.kind === 'sandbox'
        ? { kind: 'sandbox', issuer: await sandboxIssuerOf(ctx) }
        : record.authority;
    const connection = await connect(
      profile,
      { clientId: record.clientId, credential: credentialOf(input) },
      {
        fetch: ctx.deps.fetch,
        clock: ctx.deps.clock,
        ...(ctx.deps.timeoutMs ? { timeoutMs: ctx.deps.timeoutMs } : {}),
      },
    );
    const redeemed = await refreshTokens(connection, { target: first.target, refreshToken });
    const tokens = await withIdentity(connection, redeemed, ctx.logger);
    return { connection, tokens };
  } catch (error) {
    throw refusal(ctx, toTokenDockError(error, 'Refresh token'), input);
  }
}

/**
 * Keeps the redeemed tokens for the account just added (already in the engine and saved), as a
 * sign-in would: the refresh token on disk before this returns, the first target valid and
 * scheduled, the other targets acquired from the refresh token (a failure there is recorded on
 * the target; the account stays).
 */
export async function adoptRedeemedTokens(
  ctx: EngineContext,
  refresh: RefreshService,
  record: AccountRecord,
  { connection, tokens }: RedeemedRefreshToken,
): Promise<void> {
  const [first, ...rest] = record.targets;
  if (!first) return;
  ctx.connections.set(record.id, Promise.resolve(connection));
  const generation = ctx.store.bump(record.id);
  try {
    await ctx.store.keep(record, first, tokens, { generation, binding: bindingOf(connection) });
  } catch (error) {
    // Removed or edited the moment it was added: nothing of the old configuration is kept.
    if (toTokenDockError(error, 'Refresh token').code === 'superseded') return;
    throw error;
  }
  ctx.states.apply(record, first, { type: 'refreshed', at: ctx.deps.clock.now() });
  refresh.schedule(record, first);
  ctx.activity.add({
    at: ctx.deps.clock.now(),
    kind: 'signed-in',
    accountId: record.id,
    accountName: record.name,
    message: `Signed in ${record.name} from a refresh token${record.identity?.userId ? ` as ${record.identity.userId}` : ''}.`,
  });
  for (const target of rest) await refresh.refresh(record, target, { rethrow: false });
}

/** The client credential an account input carries (nothing is read from the vault). */
function credentialOf(input: AccountInput): ClientCredential {
  const auth = input.clientAuth;
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'secret':
      return { kind: 'secret', secret: input.clientSecret ?? '', method: auth.method };
    case 'certificate':
      return {
        kind: 'certificate',
        privateKeyPem: input.certificateKeyPem ?? '',
        ...(auth.certificatePem ? { certificatePem: auth.certificatePem } : {}),
        ...(auth.thumbprintSha1Hex ? { thumbprintSha1Hex: auth.thumbprintSha1Hex } : {}),
        algorithm: auth.algorithm,
        ...(auth.audience ? { audience: auth.audience } : {}),
        ...(auth.sendChain ? { sendChain: true } : {}),
      };
  }
}

/**
 * Who the refresh token belongs to. With an ID token, as at sign-in (`withUserInfo`). Without one
 * (a provider that returns none on refresh, OpenID Connect Core §12.2), the UserInfo endpoint is
 * asked once, only with a token meant for it (its scope includes `openid`, not requested for a
 * resource), and its answer is who signed in; a failure keeps what the access token said.
 */
async function withIdentity(
  connection: Connection,
  tokens: TokenSet,
  logger: Logger,
): Promise<TokenSet> {
  if (tokens.idToken) return withUserInfo(connection, tokens, logger);
  const metadata = connection.config.serverMetadata();
  if (!metadata.userinfo_endpoint) return tokens;
  if (tokens.resource || !tokens.scope.split(/\s+/).includes('openid')) {
    logger.info('refresh-token: userinfo not asked for who signed in', {
      reason: tokens.resource ? 'the access token is for a resource' : 'no openid scope',
    });
    return tokens;
  }
  try {
    const claims = (await oidc.fetchUserInfo(
      connection.config,
      tokens.accessToken,
      oidc.skipSubjectCheck,
    )) as Record<string, unknown>;
    // `accountFrom` leaves out what the answer lacks: the access token's claims fill those.
    return { ...tokens, account: { ...tokens.account, ...accountFrom(claims, metadata.issuer) } };
  } catch (error) {
    const failure = await toTokenDockErrorWithBody(error, 'UserInfo');
    logger.warn('refresh-token: userinfo failed; the access token identity is kept', {
      code: failure.code,
      message: failure.message,
    });
    return tokens;
  }
}

/**
 * The failure of a redemption as the form should see it: routed to a field by its code, the
 * refused token said plainly, and anything the provider echoed of the token blanked out.
 */
function refusal(ctx: EngineContext, error: TokenDockError, input: AccountInput): TokenDockError {
  const refused = error.code === 'invalid_grant';
  const message = refused ? REFRESH_TOKEN_REFUSED : ctx.redactor.redact(error.message);
  const field = errorField(error.code, {
    refreshToken: true,
    clientAuth: input.clientAuth.kind,
    authorityField: input.authority.kind === 'entra' ? 'tenant' : 'issuer',
  });
  const info = error.toInfo();
  return new TokenDockError(
    {
      ...info,
      message,
      ...(refused
        ? {
            hint: 'Get a new refresh token issued to this client by this provider, or add the account without one and sign in.',
          }
        : info.hint
          ? { hint: ctx.redactor.redact(info.hint) }
          : {}),
      ...(info.providerErrorDescription
        ? { providerErrorDescription: ctx.redactor.redact(info.providerErrorDescription) }
        : {}),
      ...(field ? { fields: { [field]: message } } : {}),
    },
    { cause: error },
  );
}
