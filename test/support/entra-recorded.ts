import { startHostsOnLoopback, type LoopbackRequest } from './hosts-on-loopback';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Fetch } from '../../app/ports';

/**
 * Microsoft Entra ID answered from responses Microsoft's own libraries recorded
 * (`test/fixtures/entra/`, each file names its upstream repository, path and commit), served by a
 * real HTTP server on 127.0.0.1.
 *
 * The engine asks for `https://login.microsoftonline.us/...` as it would in the field; `fetch`
 * (the host's Fetch port) sends that request to `http://127.0.0.1:<port>/login.microsoftonline.us/
 * ...` instead, and refuses any host that is not an Entra host. openid-client sees https URLs and
 * runs with every check on.
 *
 * What is not recorded, and why:
 * - ID tokens: recorded ID tokens carry no valid signature (the recordings blank it), so each
 *   token response's `id_token` is re-signed with this server's key (served as the JWKS), from
 *   recorded claims with `aud`, `iat`/`nbf`/`exp` (and `nonce`) set for this request and `iss`/`tid`
 *   as the test chooses;
 * - tenant-specific documents of the national clouds: Microsoft's libraries keep each cloud's
 *   multi-tenant document (`msal-js-authority-metadata.json`); a tenant's is served as Entra serves
 *   it, `{tenantid}` in endpoints replaced by the tenant in the path, in the issuer by its tenant id.
 */
export interface RecordedEntra {
  fetch: Fetch;
  origin: string;
  /** Every request the server answered: host, path, form body. */
  requests: Array<{ host: string; path: string; method: string; body: URLSearchParams }>;
  /** Serves `body` at `https://{host}{path}/.well-known/openid-configuration`. */
  publish(host: string, path: string, body: Record<string, unknown>): void;
  /** Claims of the next token responses' ID token (merged over the recorded claims). */
  idTokenClaims: Record<string, unknown>;
  /** Claims for the password grant of one user name (over `idTokenClaims`). */
  claimsByUsername: Map<string, Record<string, unknown>>;
  /** Signs ID tokens with a key the JWKS does not hold (a forged token). */
  forgeSignatures: boolean;
  /** The `aud` of ID tokens; the client id when undefined. */
  audience: string | undefined;
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, '../fixtures/entra');

/** A fixture file's JSON (each carries `_provenance`). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

const ENTRA_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.sovcloud-identity.fr',
  'login.sovcloud-identity.de',
  'login.sovcloud-identity.sg',
]);

interface PasswordRecording {
  tokenResponse: Record<string, unknown>;
}

export async function startRecordedEntra(options: { clientId: string }): Promise<RecordedEntra> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'kid', use: 'sig', alg: 'RS256' };
  const documents = new Map<string, Record<string, unknown>>();
  // The recorded password-grant response (MSAL Node through @azure/identity) and its ID token's
  // claims: name, preferred_username, oid, ver 2.0, ...
  const recorded = fixture<PasswordRecording>('azure-sdk-js-password-recording.json').tokenResponse;
  const recordedClaims = JSON.parse(
    Buffer.from(String(recorded.id_token).split('.')[1]!, 'base64url').toString('utf8'),
  ) as Record<string, unknown>;

  const state = {
    idTokenClaims: {} as Record<string, unknown>,
    forge: false,
    audience: undefined as string | undefined,
  };

  const claimsByUsername = new Map<string, Record<string, unknown>>();

  const signIdToken = async (nonce: string | undefined, form: URLSearchParams) => {
    const now = Math.floor(Date.now() / 1000);
    const chosen: Record<string, unknown> = {
      ...recordedClaims,
      ...state.idTokenClaims,
      ...claimsByUsername.get(form.get('username') ?? ''),
    };
    delete chosen.nonce; // a recorded nonce belongs to another request
    const claims = {
      ...chosen,
      // Recorded times are years old, and recorded audiences other clients: this request's times,
      // and this client as the audience unless the test names another (`audience`).
      aud: state.audience ?? options.clientId,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...(nonce ? { nonce } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: 'kid' })
      .sign((state.forge ? forger.privateKey : privateKey) as CryptoKey);
  };

  async function answer({
    host,
    path,
    method,
    body,
  }: LoopbackRequest): Promise<{ status: number; body: unknown }> {
    const document = documents.get(`${host}${path}`);
    if (document) return { status: 200, body: document };
    if (method === 'GET' && path.endsWith('/keys')) return { status: 200, body: { keys: [jwk] } };
    if (method === 'POST' && /\/oauth2\/(v2\.0\/)?token$/.test(path)) {
      return {
        status: 200,
        body: { ...recorded, id_token: await signIdToken(undefined, body) },
      };
    }
    return { status: 404, body: { error: 'not_found', path } };
  }

  const loopback = await startHostsOnLoopback({
    name: 'The recorded Entra',
    serves: (url) => ENTRA_HOSTS.has(url.hostname),
    answer,
  });
  const { fetch, origin, requests } = loopback;

  return {
    fetch,
    origin,
    requests,
    claimsByUsername,
    publish(host, path, body) {
      documents.set(`${host}${path.replace(/\/$/, '')}/.well-known/openid-configuration`, body);
    },
    get idTokenClaims() {
      return state.idTokenClaims;
    },
    set idTokenClaims(claims) {
      state.idTokenClaims = claims;
    },
    get audience() {
      return state.audience;
    },
    set audience(audience) {
      state.audience = audience;
    },
    get forgeSignatures() {
      return state.forge;
    },
    set forgeSignatures(forge) {
      state.forge = forge;
    },
    close: () => loopback.close(),
  };
}

/**
 * A tenant's document on a national cloud, as Entra serves it: MSAL's multi-tenant document of the
 * sign-in host with `{tenantid}` in the endpoints replaced by `tenantInPath` (a tenant id, a domain,
 * `common`, `organizations`) and in the issuer by `issuerTenant` (the tenant id; left a template
 * for `common` / `organizations`).
 */
export function nationalCloudDocument(
  host: string,
  tenantInPath: string,
  issuerTenant: string,
): Record<string, unknown> {
  const metadata = fixture<{ endpointMetadata: Record<string, Record<string, string>> }>(
    'msal-js-authority-metadata.json',
  ).endpointMetadata[host];
  if (!metadata) throw new Error(`MSAL lists no endpoint metadata for ${host}`);
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    document[key] = value.replace('{tenantid}', key === 'issuer' ? issuerTenant : tenantInPath);
  }
  return document;
}
