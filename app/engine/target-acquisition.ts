import type { AccountRecord, AccountTarget } from '../accounts/types';
import type { Target } from '../contract/tokens';
import { tokenDockError } from '../errors/tokendock-error';

/** What a caller asks a token for when it names no target: scopes, or a resource (RFC 8707). */
export interface WantedTarget {
  scopes?: string[];
  resource?: string;
}

/**
 * The `Target` a request for `want` stands for: scopes split on whitespace, trimmed and
 * de-duplicated; a resource with the scopes asked of it. Throws `invalid_request` when it names
 * neither.
 */
export function wantedTarget(want: WantedTarget): Target {
  const scopes = [...new Set((want.scopes ?? []).flatMap((s) => s.split(/\s+/)).filter(Boolean))];
  const resource = want.resource?.trim();
  if (resource)
    return scopes.length ? { kind: 'resource', resource, scopes } : { kind: 'resource', resource };
  if (scopes.length) return { kind: 'scopes', scopes };
  throw tokenDockError('invalid_request', 'Name the scopes or the resource the token is for.');
}

/**
 * The account's target that already serves `wanted`: the same resource (holding every scope
 * asked of it), or a scopes target holding every scope asked. Scopes are compared exactly, as
 * providers do (RFC 6749 §3.3: case-sensitive strings).
 */
export function findServingTarget(
  account: AccountRecord,
  wanted: Target,
): AccountTarget | undefined {
  const asked = wanted.scopes ?? [];
  return account.targets.find(({ target }) => {
    if (target.kind !== wanted.kind) return false;
    if (
      wanted.kind === 'resource' &&
      target.kind === 'resource' &&
      target.resource !== wanted.resource
    )
      return false;
    const held = new Set(target.scopes ?? []);
    return asked.every((s) => held.has(s));
  });
}

/** A short name for a target added on request: its resource, or its scopes. */
export function labelFor(target: Target): string {
  const text = target.kind === 'resource' ? target.resource : target.scopes.join(' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
