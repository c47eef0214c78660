import type { AccessToken, Client, KoaContextWithOIDC, Provider } from 'oidc-provider';

import type { ResourceCatalog } from './resources';

/** Scopes oidc-provider knows as OpenID Connect scopes (not resource scopes). */
export const OIDC_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'profile',
  'email',
  'offline_access',
]);

export interface ResourceTokenRequest {
  client: Client;
  accountId: string;
  resource: string;
  scopes: string[];
  gty: string;
  grantId?: string;
}

/**
 * Issues a JWT access token for a resource from a custom grant handler, through oidc-provider's
 * own `AccessToken` model so it is formatted, signed and customised like every other one
 * (RFC 9068 §2).
 */
export async function issueResourceAccessToken(
  provider: Provider,
  ctx: KoaContextWithOIDC,
  catalog: ResourceCatalog,
  request: ResourceTokenRequest,
): Promise<{ value: string; token: AccessToken }> {
  const token = new provider.AccessToken({
    client: request.client,
    accountId: request.accountId,
    gty: request.gty,
    ...(request.grantId ? { grantId: request.grantId } : {}),
  });
  token.resourceServer = new provider.ResourceServer(
    request.resource,
    catalog.serverInfo(request.resource),
  );
  token.scope = request.scopes.join(' ');
  ctx.oidc.entity('AccessToken', token);
  return { value: await token.save(), token };
}

/** A form parameter as a string ('' when absent or repeated). */
export function param(ctx: KoaContextWithOIDC, name: string): string {
  const value = ctx.oidc.params?.[name];
  return typeof value === 'string' ? value : '';
}

/** The authenticated client of a token request (oidc-provider has checked it by now). */
export function requestClient(ctx: KoaContextWithOIDC): Client {
  const { client } = ctx.oidc;
  if (!client) throw new Error('token request without an authenticated client');
  return client;
}
