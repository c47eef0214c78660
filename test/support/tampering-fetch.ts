import type { Fetch } from '../../app/ports';

/** A fetch that lets a test rewrite the JSON of token endpoint responses (an attacker in the middle). */
export function tamperTokenResponses(
  base: Fetch,
  tokenEndpointPath: string,
  mutate: (body: Record<string, unknown>) => Record<string, unknown>,
): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (new URL(String(input)).pathname !== tokenEndpointPath || !response.ok) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(mutate(body)), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** Rewrites the claims of a compact JWS, keeping its header and (now wrong) signature. */
export function withClaims(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

/** The same token re-headed as `alg: none` with no signature (RFC 7519 §6). */
export function asUnsecured(jwt: string): string {
  const [, payload] = jwt.split('.') as [string, string];
  return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
}
