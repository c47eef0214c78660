import type { Fetch } from '../ports';

/**
 * Entra ID v1 (ADAL's endpoints) predates two standards openid-client holds it to. This fetch
 * wrapper mends the two gaps and nothing else:
 * - v1 metadata lists no `device_authorization_endpoint`; its device endpoint is
 *   `/{tenant}/oauth2/devicecode` (RFC 8414 §2 names the field);
 * - v1's device authorization response says `verification_url` where RFC 8628 §3.2 says
 *   `verification_uri`, and sends `interval` as a string where §3.2 wants a number.
 * Every other response passes through untouched.
 */
export function withEntraV1Shims(fetch: Fetch, discoveryUrl: URL): Fetch {
  const deviceEndpoint = `${discoveryUrl.origin}${discoveryUrl.pathname.replace(/\/$/, '')}/oauth2/devicecode`;
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input);
    if (url.includes('/.well-known/openid-configuration')) {
      return patchJson(response, (body) =>
        typeof body.device_authorization_endpoint === 'string'
          ? undefined
          : { ...body, device_authorization_endpoint: deviceEndpoint },
      );
    }
    if (url === deviceEndpoint) {
      return patchJson(response, (body) => {
        const patched = { ...body };
        if (typeof body.verification_url === 'string' && body.verification_uri === undefined) {
          patched.verification_uri = body.verification_url;
        }
        if (typeof body.interval === 'string' && /^\d+$/.test(body.interval)) {
          patched.interval = Number(body.interval);
        }
        return patched;
      });
    }
    return response;
  };
}

async function patchJson(
  response: Response,
  patch: (body: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<Response> {
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json'))
    return response;
  const text = await response.text();
  const rebuilt = (body: string) =>
    new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return rebuilt(text); // let openid-client report the malformed body
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return rebuilt(text);
  const patched = patch(body as Record<string, unknown>);
  return rebuilt(patched ? JSON.stringify(patched) : text);
}
