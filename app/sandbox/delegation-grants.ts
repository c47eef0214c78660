import { errors as joseErrors, jwtVerify } from 'jose';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

import { issueResourceAccessToken, OIDC_SCOPES, param, requestClient } from './issue-tokens';
import { invalidGrant, invalidRequest, invalidScope, invalidTarget } from './oauth-errors';
import type { ResourceCatalog } from './resources';
import type { ProviderSigningKeys } from './signing-keys';
import type { SandboxResource, SandboxUser } from './types';
import type { UserDirectory } from './users';

export const JWT_BEARER_PARAMS = ['assertion', 'requested_token_use', 'scope', 'resource'];
export const TOKEN_EXCHANGE_PARAMS = [
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'scope',
  'resource',
  'audience',
];
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface DelegationParts {
  provider: Provider;
  users: UserDirectory;
  catalog: ResourceCatalog;
  keys: ProviderSigningKeys;
  /** The resource whose user tokens may be exchanged (the middle tier's API). */
  middleTier: SandboxResource;
  /** Where exchanges go when the request names no resource. */
  downstream: SandboxResource;
}

function describeVerificationError(noun: string, error: unknown, parts: DelegationParts): string {
  if (error instanceof joseErrors.JWTExpired) return `${noun} has expired`;
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return `${noun} audience (aud) must be ${parts.middleTier.identifier}`;
    }
    if (error.claim === 'iss') return `${noun} was not issued by ${parts.provider.issuer}`;
    if (error.claim === 'typ') return `${noun} is not an access token (typ at+jwt)`;
    return `${noun} claim ${error.claim} is invalid: ${error.reason}`;
  }
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey
  ) {
    return `${noun} signature does not verify with this provider's keys`;
  }
  return `${noun} is not a valid signed JWT`;
}

async function verifyUserToken(
  token: string,
  noun: string,
  parts: DelegationParts,
  fail: (description: string) => Error,
): Promise<SandboxUser> {
  if (!token) throw invalidRequest(`${noun} is required`);
  let sub: unknown;
  try {
    ({
      payload: { sub },
    } = await jwtVerify(token, parts.keys.verificationKeys, {
      issuer: parts.provider.issuer,
      audience: parts.middleTier.identifier,
      typ: 'at+jwt',
      algorithms: ['RS256'],
    }));
  } catch (error) {
    throw fail(describeVerificationError(noun, error, parts));
  }
  const user = typeof sub === 'string' ? parts.users.bySub(sub) : undefined;
  if (!user) throw fail(`${noun} is not a user's token (its sub is no user of this provider)`);
  return user;
}

/**
 * Which resource and scopes an exchange asks for. Scopes may be plain (`data.read`) or
 * Entra-style qualified by the resource (`api://tokendock-downstream/data.read`,
 * `api://tokendock-downstream/.default` = all its scopes); OpenID scopes are ignored. The resource
 * comes from `resource`, `audience` (RFC 8693 §2.1) or the qualified scopes, else the downstream
 * API. No scope means all scopes of the resource.
 */
function resolveTarget(
  ctx: KoaContextWithOIDC,
  parts: DelegationParts,
): { resource: SandboxResource; scopes: string[] } {
  let identifier = param(ctx, 'resource') || param(ctx, 'audience') || undefined;
  const names: string[] = [];
  for (const item of param(ctx, 'scope').split(' ').filter(Boolean)) {
    if (OIDC_SCOPES.has(item)) continue;
    const slash = item.lastIndexOf('/');
    if (!item.includes('://') || slash < item.indexOf('://') + 3) {
      names.push(item);
      continue;
    }
    const owner = item.slice(0, slash);
    if (identifier !== undefined && identifier !== owner) {
      throw invalidTarget(`scope ${item} names another resource than ${identifier}`);
    }
    identifier = owner;
    names.push(item.slice(slash + 1));
  }
  identifier ??= parts.downstream.identifier;
  const resource = parts.catalog.find(identifier);
  if (!resource) throw invalidTarget(`unknown resource ${identifier}`);
  if (resource.identifier === parts.middleTier.identifier) {
    throw invalidTarget('the exchange must target another resource than the middle tier itself');
  }
  const scopes = names.length === 0 || names.includes('.default') ? resource.scopes : names;
  const unknown = scopes.filter((scope) => !resource.scopes.includes(scope));
  if (unknown.length) {
    throw invalidScope(
      `not a scope of ${resource.identifier}: ${unknown.join(' ')}`,
      unknown.join(' '),
    );
  }
  return { resource, scopes: [...new Set(scopes)] };
}

async function exchange(
  ctx: KoaContextWithOIDC,
  parts: DelegationParts,
  user: SandboxUser,
  gty: string,
): Promise<{ value: string; expiresIn: number; tokenType: string; scope: string }> {
  const { resource, scopes } = resolveTarget(ctx, parts);
  const { value, token } = await issueResourceAccessToken(parts.provider, ctx, parts.catalog, {
    client: requestClient(ctx),
    accountId: user.sub,
    resource: resource.identifier,
    scopes,
    gty,
  });
  return {
    value,
    expiresIn: token.expiration,
    tokenType: token.tokenType,
    scope: scopes.join(' '),
  };
}

/**
 * Entra's on-behalf-of flow: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`
 * (RFC 7523 §2.1) with `requested_token_use=on_behalf_of`. The `assertion` must be a valid,
 * unexpired JWT access token this provider signed for the middle-tier resource; the answer is a
 * JWT access token for the same user (sub, oid) at the target resource (see `resolveTarget`).
 * A bad assertion is `invalid_grant` with a description of what is wrong.
 */
export function createOnBehalfOfGrant(
  parts: DelegationParts,
): (ctx: KoaContextWithOIDC) => Promise<void> {
  return async (ctx) => {
    if (param(ctx, 'requested_token_use') !== 'on_behalf_of') {
      throw invalidRequest('requested_token_use must be on_behalf_of (the only use supported)');
    }
    const user = await verifyUserToken(param(ctx, 'assertion'), 'assertion', parts, invalidGrant);
    const issued = await exchange(ctx, parts, user, 'on_behalf_of');
    ctx.body = {
      access_token: issued.value,
      token_type: issued.tokenType,
      expires_in: issued.expiresIn,
      scope: issued.scope,
    };
  };
}

/**
 * OAuth 2.0 Token Exchange (RFC 8693 §2) with the same logic: `subject_token` (type
 * `urn:ietf:params:oauth:token-type:access_token`) in, an access token out with
 * `issued_token_type`. A bad subject token is `invalid_request`, as RFC 8693 §2.2.2 says.
 */
export function createTokenExchangeGrant(
  parts: DelegationParts,
): (ctx: KoaContextWithOIDC) => Promise<void> {
  return async (ctx) => {
    if (param(ctx, 'subject_token_type') !== ACCESS_TOKEN_TYPE) {
      throw invalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    const requestedType = param(ctx, 'requested_token_type');
    if (requestedType && requestedType !== ACCESS_TOKEN_TYPE) {
      throw invalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE} when given`);
    }
    const subjectToken = param(ctx, 'subject_token');
    const user = await verifyUserToken(subjectToken, 'subject_token', parts, invalidRequest);
    const issued = await exchange(ctx, parts, user, 'token_exchange');
    ctx.body = {
      access_token: issued.value,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: issued.tokenType,
      expires_in: issued.expiresIn,
      scope: issued.scope,
    };
  };
}
