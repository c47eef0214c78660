/**
 * Decoding of compact JWS tokens (RFC 7515 §7.1) for display: shared by the engine and the
 * renderer, so it uses only what both have (`atob`, `TextDecoder`). It verifies nothing.
 */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Header and claims of a JWT, or undefined when the token is opaque (not a JWS). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeSegment(parts[0] ?? '');
  const claims = decodeSegment(parts[1] ?? '');
  return header && claims ? { header, claims } : undefined;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
