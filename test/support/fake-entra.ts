import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Fetch } from '../../app/ports';

/**
 * Microsoft Entra ID as it looks on the wire, served in-process through the engine's `Fetch`
 * port: multi-tenant metadata with the `{tenantid}` issuer, `expires_in` as a string,
 * `ext_expires_in`, `error_codes` with AADSTS descriptions, v1's `verification_url`. The response
 * shapes follow Entra's documented responses; nothing here reaches the network.
 */
export interface FakeEntra {
  fetch: Fetch;
  tenantId: string;
  requests: Array<{ url: string; body: URLSearchParams }>;
  /** Makes the next token request fail with this Entra error. */
  failNextToken(error: { error: string; code: number; description: string; status?: number }): void;
  /**
   * The lifetimes every later token response carries, as Entra sends them: `expires_in` and
   * `ext_expires_in` (strings by default, as v1 and many v2 responses have them), and `refresh_in`
   * (a number; Entra adds it to long-lived tokens, and MSAL reads it as `refreshOn`).
   */
  lifetimes: {
    expires_in: number | string;
    ext_expires_in?: number | string;
    refresh_in?: number | string;
  };
}

const HOST = 'https://login.microsoftonline.com';

export async function createFakeEntra(options: {
  clientId: string;
  user?: Record<string, string>;
}): Promise<FakeEntra> {
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = {
    ...(await exportJWK(publicKey)),
    kid: 'entra-test-key',
    use: 'sig',
    alg: 'RS256',
  };
  const requests: FakeEntra['requests'] = [];
  const lifetimes: FakeEntra['lifetimes'] = { expires_in: '3599', ext_expires_in: '7199' };
  let nextFailure: Parameters<FakeEntra['failNextToken']>[0] | undefined;
  const user = {
    preferred_username: 'megan@contoso.test',
    name: 'Megan Bowen',
    oid: '00000000-0000-0000-0000-00000000abcd',
    ...options.user,
  };

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

  const metadata = (tenant: string, version: 'v1' | 'v2') => {
    const base = version === 'v2' ? `${HOST}/${tenant}/oauth2/v2.0` : `${HOST}/${tenant}/oauth2`;
    const issuer =
      version === 'v2'
        ? `${HOST}/${tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : tenantId}/v2.0`
        : `https://sts.windows.net/${tenant === 'common' ? '{tenantid}' : tenantId}/`;
    return {
      issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${HOST}/${tenant}/discovery/${version === 'v2' ? 'v2.0/' : ''}keys`,
      response_types_supported: ['code', 'id_token', 'code id_token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      ...(version === 'v2' ? { device_authorization_endpoint: `${base}/devicecode` } : {}),
    };
  };

  const idToken = async (issuerTenant: string, version: 'v1' | 'v2', nonce?: string) =>
    new SignJWT({ ...user, tid: issuerTenant, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
      .setIssuer(
        version === 'v2'
          ? `${HOST}/${issuerTenant}/v2.0`
          : `https://sts.windows.net/${issuerTenant}/`,
      )
      .setAudience(options.clientId)
      .setSubject('AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey as CryptoKey);

  const fetch: Fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = new URLSearchParams(
      typeof init?.body === 'string' ? init.body : init?.body ? String(init.body) : '',
    );
    requests.push({ url: url.href, body });
    const m = url.pathname.match(/^\/([^/]+)(\/v2\.0)?\/(.*)$/);
    if (url.origin !== HOST || !m) return new Response('not found', { status: 404 });
    const tenant = m[1]!;
    const rest = m[3]!;
    const version = m[2] ? 'v2' : rest.startsWith('oauth2/v2.0') ? 'v2' : 'v1';
    if (rest === '.well-known/openid-configuration') return json(metadata(tenant, version));
    if (rest.includes('keys')) return json({ keys: [jwk] });
    if (rest.endsWith('devicecode')) {
      const code = {
        device_code: 'DAQABAAEAAAD',
        user_code: 'FW3Q2LQ6U',
        expires_in: '900',
        interval: '1',
      };
      return version === 'v1'
        ? json({
            ...code,
            verification_url: 'https://microsoft.com/devicelogin',
            message:
              'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FW3Q2LQ6U to authenticate.',
          })
        : json({
            ...code,
            expires_in: 900,
            interval: 1,
            verification_uri: 'https://microsoft.com/devicelogin',
            message:
              'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FW3Q2LQ6U to authenticate.',
          });
    }
    if (rest.endsWith('token')) {
      if (nextFailure) {
        const f = nextFailure;
        nextFailure = undefined;
        return json(
          {
            error: f.error,
            error_description: `AADSTS${f.code}: ${f.description}\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-24 10:00:00Z`,
            error_codes: [f.code],
            timestamp: '2026-11-24 10:00:00Z',
            trace_id: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
            correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
          },
          f.status ?? 400,
        );
      }
      const withIdToken =
        (body.get('scope') ?? '').split(' ').includes('openid') || version === 'v1';
      return json({
        token_type: 'Bearer',
        scope: body.get('scope') ?? 'user_impersonation',
        ...lifetimes,
        access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiI3MmY5ODhiZiJ9.c2lnbmF0dXJl',
        ...(body.get('grant_type') !== 'client_credentials'
          ? { refresh_token: '0.AAAA-refresh-token' }
          : {}),
        ...(withIdToken && body.get('grant_type') !== 'client_credentials'
          ? { id_token: await idToken(tenantId, version) }
          : {}),
      });
    }
    return new Response('not found', { status: 404 });
  };

  return {
    fetch,
    tenantId,
    requests,
    failNextToken: (error) => {
      nextFailure = error;
    },
    lifetimes,
  };
}
