import { startHostsOnLoopback, type LoopbackRequest } from './hosts-on-loopback';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { AuthWindow, AuthWindowRequest, Fetch } from '../../app/ports';

/**
 * Azure AD B2C and AD FS answered from what Microsoft's libraries recorded (`test/fixtures/b2c/`,
 * `test/fixtures/adfs/`; each file names its upstream repository, path and commit), served by an
 * HTTP server on 127.0.0.1, the way `entra-recorded.ts` serves Entra.
 *
 * The engine asks for `https://sometenantid.b2clogin.com/...` or `https://fs.contoso.com/adfs/...`
 * as it would in the field; `fetch` (the host's Fetch port) sends such a request to
 * `http://127.0.0.1:<port>/<host>/<path>` instead, and refuses any host no document was published
 * for. openid-client sees https URLs and runs with every check on.
 *
 * What is not recorded, and why: ID token signatures (the recordings hold placeholders), so each
 * token response's `id_token` is signed here with this server's key (served at the document's
 * `jwks_uri`) from the recorded claims, with this request's `aud`, times and `nonce`, and `iss` the
 * published document's issuer unless the test names another (`idTokenIssuer`).
 */
export interface RecordedMicrosoft {
  fetch: Fetch;
  /** Every request the server answered: host, path, method, form body. */
  requests: Array<{ host: string; path: string; method: string; body: URLSearchParams }>;
  /**
   * Serves `document` at `metadataUrl` (an https URL), and the JWKS and token endpoints it names.
   * The next token responses are `tokenResponse` with an ID token from `idTokenClaims`.
   */
  publish(
    metadataUrl: string,
    document: Record<string, unknown>,
    token: { tokenResponse: Record<string, unknown>; idTokenClaims: Record<string, unknown> },
  ): void;
  /** The `iss` of the next ID tokens; the published document's issuer when undefined. */
  idTokenIssuer: string | undefined;
  /**
   * An `AuthWindow` double: records each authorization URL and answers as the provider would after
   * a sign-in, with a code for the redirect URI (its `nonce` goes into that code's ID token).
   */
  authWindow: AuthWindow & { opened: URL[] };
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** A fixture file's JSON, `b2c/<name>` or `adfs/<name>` (each carries `_provenance`). */
export function recordedFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** `document` with every URL on `from` moved to `to` (what B2C serves on a custom domain). */
export function onHost(
  document: Record<string, unknown>,
  from: string,
  to: string,
): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(document).split(`https://${from}/`).join(`https://${to}/`),
  ) as Record<string, unknown>;
}

export async function startRecordedMicrosoft(options: {
  clientId: string;
}): Promise<RecordedMicrosoft> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'recorded', use: 'sig', alg: 'RS256' };
  const documents = new Map<string, Record<string, unknown>>();
  const jwksPaths = new Set<string>();
  const tokenPaths = new Map<
    string,
    {
      issuer: string;
      token: { tokenResponse: Record<string, unknown>; idTokenClaims: Record<string, unknown> };
    }
  >();
  const nonces = new Map<string, string | undefined>();
  const hosts = new Set<string>();
  const state = { idTokenIssuer: undefined as string | undefined };
  const key = (url: URL) => `${url.host}${url.pathname}`;

  async function answer({
    host,
    path,
    method,
    body,
  }: LoopbackRequest): Promise<{ status: number; body: unknown }> {
    const at = `${host}${path}`;
    const document = documents.get(at);
    if (method === 'GET' && document) return { status: 200, body: document };
    if (method === 'GET' && jwksPaths.has(at)) return { status: 200, body: { keys: [jwk] } };
    const tokens = tokenPaths.get(at);
    if (method === 'POST' && tokens) {
      const code = body.get('code') ?? '';
      if (!nonces.has(code)) return { status: 400, body: { error: 'invalid_grant' } };
      const nonce = nonces.get(code);
      nonces.delete(code);
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        ...tokens.token.idTokenClaims,
        iss: state.idTokenIssuer ?? tokens.issuer,
        aud: options.clientId,
        iat: now,
        nbf: now,
        exp: now + 3600,
        ...(nonce ? { nonce } : {}),
      };
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: 'recorded' })
        .sign(privateKey as CryptoKey);
      return { status: 200, body: { ...tokens.token.tokenResponse, id_token: idToken } };
    }
    return { status: 404, body: { error: 'not_found', path: at } };
  }

  const loopback = await startHostsOnLoopback({
    name: 'The recorded Microsoft',
    serves: (url) => hosts.has(url.host),
    answer,
  });
  const { fetch, requests } = loopback;

  const opened: URL[] = [];
  let codes = 0;
  const authWindow: RecordedMicrosoft['authWindow'] = {
    opened,
    open: (request: AuthWindowRequest) => {
      const url = new URL(request.url);
      opened.push(url);
      const code = `recorded-code-${++codes}`;
      nonces.set(code, url.searchParams.get('nonce') ?? undefined);
      const redirect = new URL(request.redirectUri);
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
      return Promise.resolve(redirect.href);
    },
  };

  return {
    fetch,
    requests,
    authWindow,
    publish(metadataUrl, document, token) {
      const url = new URL(metadataUrl);
      hosts.add(url.host);
      documents.set(key(url), document);
      for (const name of ['jwks_uri', 'token_endpoint', 'authorization_endpoint']) {
        if (typeof document[name] !== 'string') continue;
        const endpoint = new URL(document[name]);
        hosts.add(endpoint.host);
        if (name === 'jwks_uri') jwksPaths.add(key(endpoint));
        if (name === 'token_endpoint')
          tokenPaths.set(key(endpoint), { issuer: String(document.issuer), token });
      }
    },
    get idTokenIssuer() {
      return state.idTokenIssuer;
    },
    set idTokenIssuer(issuer) {
      state.idTokenIssuer = issuer;
    },
    close: () => loopback.close(),
  };
}
