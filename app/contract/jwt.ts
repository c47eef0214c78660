/**
 * Decoding of compact JWS tokens (RFC 7515 §7.1) for display: shared by the engine and the
 * renderer, so it uses only what both have (`atob`, `TextDecoder`). It verifies nothing. What a
 * pasted token is (JWE, opaque, malformed, an `Authorization` header) is `jwt-inspect.ts`.
 */
import { readJsonSegment } from './jwt-inspect';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Header and claims of a JWT, or undefined when the token is opaque (not a JWS). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  const header = readJsonSegment(parts[0] ?? '');
  const claims = readJsonSegment(parts[1] ?? '');
  return header.ok && claims.ok ? { header: header.value, claims: claims.value } : undefined;
}
