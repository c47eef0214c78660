import type { AuthorityProfile } from '../authority/profiles';
import { tokenDockError } from '../errors/tokendock-error';

import type { Target } from '../contract/tokens';

export type { Target } from '../contract/tokens';

/** The OpenID Connect scopes a person's sign-in asks for, so we get an ID token and a refresh token. */
export const USER_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/** Request parameters for a target: `scope` and, where the provider takes it, `resource`. */
export interface TargetParameters {
  scope?: string;
  resource?: string;
}

/**
 * The `scope` / `resource` parameters of a token or authorization request (RFC 6749 §3.3,
 * RFC 8707 §2). `forUser` adds the OpenID scopes of USER_SCOPES; app-only flows
 * (client credentials, on-behalf-of) leave them out.
 */
export function targetParameters(
  target: Target,
  profile: AuthorityProfile,
  { forUser }: { forUser: boolean },
): TargetParameters {
  const userScopes: string[] = forUser ? [...USER_SCOPES] : [];
  if (target.kind === 'scopes') {
    const scopes = clean(target.scopes);
    if (scopes.length === 0)
      throw tokenDockError(
        'invalid_configuration',
        'A target needs at least one scope or a resource.',
      );
    if (profile.kind === 'entra' && profile.version === 'v1') {
      throw tokenDockError(
        'invalid_configuration',
        'Entra ID v1 targets a resource, not scopes. Give the resource, or use v2.',
      );
    }
    return { scope: join([...userScopes, ...scopes]) };
  }
  const resource = target.resource.trim();
  if (!resource) throw tokenDockError('invalid_configuration', 'The resource is empty.');
  const extra = clean(target.scopes ?? []);
  // B2C scopes are URIs under the API's App ID URI, as Entra v2's are (it takes no `resource`).
  if ((profile.kind === 'entra' && profile.version === 'v2') || profile.kind === 'b2c') {
    const resourceScopes = extra.length
      ? extra.map((s) =>
          s.includes('://') || s.startsWith(`${resource}/`)
            ? s
            : `${resource.replace(/\/$/, '')}/${s}`,
        )
      : [`${resource}/.default`];
    return { scope: join([...userScopes, ...resourceScopes]) };
  }
  if (profile.kind === 'entra') {
    // v1 takes `resource`; `openid` still brings the ID token.
    return { resource, ...(forUser ? { scope: 'openid' } : {}) };
  }
  const scope = join([...userScopes, ...extra]);
  return { resource, ...(scope ? { scope } : {}) };
}

function clean(scopes: string[]): string[] {
  return [...new Set(scopes.flatMap((s) => s.split(/\s+/)).filter(Boolean))];
}

function join(scopes: string[]): string {
  return [...new Set(scopes)].join(' ');
}

/** Parameters as the `Record<string, string>` openid-client takes. */
export function asParameters(parameters: TargetParameters): Record<string, string> {
  const out: Record<string, string> = {};
  if (parameters.scope) out.scope = parameters.scope;
  if (parameters.resource) out.resource = parameters.resource;
  return out;
}

/**
 * The parameters of a request the person approves (authorization or device authorization) for
 * several targets at once. RFC 8707 §2.1 lets such a request name several resources: the grant,
 * and so the refresh token, then covers all of them, and each token request narrows to one
 * (§2.2). Entra ID takes one resource per request and issues refresh tokens good for any
 * resource the user consented to, so there only the first target is asked for; B2C (Entra's
 * service, one API's scopes per request) likewise.
 */
export function approvalParameters(
  targets: readonly Target[],
  profile: AuthorityProfile,
): URLSearchParams {
  const [first, ...rest] = targets;
  if (!first)
    throw tokenDockError('invalid_configuration', 'An account needs at least one target.');
  const firstParameters = targetParameters(first, profile, { forUser: true });
  const parameters = new URLSearchParams(asParameters(firstParameters));
  if (profile.kind === 'entra' || profile.kind === 'b2c' || rest.length === 0) return parameters;
  const scopes = new Set((firstParameters.scope ?? '').split(' ').filter(Boolean));
  const resources = new Set(firstParameters.resource ? [firstParameters.resource] : []);
  for (const target of rest) {
    const extra = targetParameters(target, profile, { forUser: true });
    for (const scope of (extra.scope ?? '').split(' ')) if (scope) scopes.add(scope);
    if (extra.resource) resources.add(extra.resource);
  }
  parameters.set('scope', [...scopes].join(' '));
  parameters.delete('resource');
  for (const resource of resources) parameters.append('resource', resource);
  return parameters;
}
