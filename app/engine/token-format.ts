import { decodeJwt } from '../contract/jwt';
import { TokenDockError } from '../errors/tokendock-error';
import type { CopyFormat, DecodedToken } from '../contract/tokens';

export type { CopyFormat, DecodedToken } from '../contract/tokens';

/**
 * The text put on the clipboard (RFC 6750 §2.1 for the header form). A curl command needs the
 * URL it calls: the target's, which the window asks for the first time.
 */
export function formatToken(accessToken: string, format: CopyFormat, curlUrl?: string): string {
  switch (format) {
    case 'raw':
      return accessToken;
    case 'header':
      return `Authorization: Bearer ${accessToken}`;
    case 'curl':
      if (!curlUrl)
        throw new TokenDockError({
          code: 'invalid_configuration',
          message: 'Set the URL "Copy as curl" calls for this target first.',
          fields: { curlUrl: 'Enter the URL the curl command calls.' },
        });
      return `curl -H 'Authorization: Bearer ${accessToken}' '${curlUrl.replace(/'/g, `'\\''`)}'`;
  }
}

/** The JWT claims that are NumericDate times (RFC 7519 §4.1.4–§4.1.6), plus OIDC's. */
const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

/**
 * Header and claims of a JWT with times as ISO strings, or a plain "opaque" when the token is
 * not a JWT (only its issuer can read it).
 */
export function describeToken(token: string): DecodedToken {
  const decoded = decodeJwt(token);
  if (!decoded) return { kind: 'opaque', length: token.length };
  const claims = Object.fromEntries(
    Object.entries(decoded.claims).map(([name, value]) => [
      name,
      TIME_CLAIMS.has(name) && typeof value === 'number'
        ? new Date(value * 1000).toISOString()
        : value,
    ]),
  );
  return { kind: 'jwt', header: decoded.header, claims };
}
