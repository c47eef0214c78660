import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { AuthWindow, AuthWindowRequest, Fetch } from '../../app/ports';
import { tokenDockError } from '../../app/errors/tokendock-error';
import { fixture } from './entra-recorded';

/**
 * An Entra ID tenant (v2) served by a real HTTP server on 127.0.0.1, answering token requests with
 * responses recorded by Microsoft's libraries (`test/fixtures/entra/claims-*.json`, provenance in
 * the README) when a test queues them, and with the recorded token response of
 * `azure-sdk-js-password-recording.json` otherwise (its ID token re-signed with this server's key,
 * with this request's `aud`, times and the sign-in's `nonce`).
 *
 * The engine asks for `https://login.microsoftonline.com/...`; `fetch` sends it to
 * `http://127.0.0.1:<port>/login.microsoftonline.com/...`. The tenant's document is the recorded
 * one (`openidConfiguration` of the same recording).
 */
export interface ClaimsEntra {
  fetch: Fetch;
  /** The recorded tenant id. */
  tenant: string;
  /** Every token request's form body, in order. */
  tokenRequests: URLSearchParams[];
  /** Every device authorization request's form body, in order. */
  deviceRequests: URLSearchParams[];
  /** Answers the next token request with a recorded response. */
  answerNextToken(response: RecordedResponse): void;
  /**
   * The provider's part of the authorization endpoint: for an authorization URL, the redirect
   * back with a code (remembering the URL's nonce for the ID token).
   */
  approve(authorizationUrl: string): string;
  close(): Promise<void>;
}

/** A recorded response: JSON `body`, or `text` sent as it was recorded. */
export interface RecordedResponse {
  status: number;
  headers?: Record<string, string>;
  contentType?: string;
  body?: unknown;
  text?: string;
}

interface PasswordRecording {
  openidConfiguration: Record<string, unknown>;
  tokenResponse: Record<string, unknown>;
}

export const RECORDED_TENANT = '12345678-1234-1234-1234-123456789012';

export async function startClaimsEntra(options: { clientId: string }): Promise<ClaimsEntra> {
  const recording = fixture<PasswordRecording>('azure-sdk-js-password-recording.json');
  const recorded = recording.tokenResponse;
  const recordedClaims = JSON.parse(
    Buffer.from(String(recorded.id_token).split('.')[1]!, 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'kid', use: 'sig', alg: 'RS256' };
  const queued: RecordedResponse[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const deviceRequests: URLSearchParams[] = [];
  // MSAL JS's recorded device code response (test kit DEVICE_CODE_RESPONSE), in Entra's wire
  // names, polling every second instead of five to keep the test short.
  const recordedDevice = fixture<{ deviceCodeResponse: Record<string, unknown> }>(
    'claims-msal-js-responses.json',
  ).deviceCodeResponse;
  const deviceCode = { ...recordedDevice, interval: 1 };
  const nonces = new Map<string, string>();
  let codes = 0;

  const signIdToken = (nonce: string | undefined) => {
    const now = Math.floor(Date.now() / 1000);
    // A recorded nonce belongs to another request.
    const claims = { ...recordedClaims };
    delete claims.nonce;
    return new SignJWT({
      ...claims,
      iss: `https://login.microsoftonline.com/${RECORDED_TENANT}/v2.0`,
      tid: RECORDED_TENANT,
      aud: options.clientId,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: 'kid' })
      .sign(privateKey as CryptoKey);
  };

  async function answer(req: IncomingMessage): Promise<RecordedResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (
      path === `/login.microsoftonline.com/${RECORDED_TENANT}/v2.0/.well-known/openid-configuration`
    )
      return { status: 200, body: recording.openidConfiguration };
    if (path.endsWith('/discovery/v2.0/keys')) return { status: 200, body: { keys: [jwk] } };
    if (req.method === 'POST' && path.endsWith('/oauth2/v2.0/devicecode')) {
      deviceRequests.push(form);
      return { status: 200, body: deviceCode };
    }
    if (req.method === 'POST' && path.endsWith('/oauth2/v2.0/token')) {
      tokenRequests.push(form);
      const next = queued.shift();
      if (next) return next;
      const nonce = nonces.get(form.get('code') ?? '');
      return {
        status: 200,
        body: {
          ...recorded,
          scope: form.get('scope') ?? recorded.scope,
          // A new refresh token each time (rotation), as Entra does.
          refresh_token: `${String(recorded.refresh_token)}.${tokenRequests.length}`,
          id_token: await signIdToken(nonce),
        },
      };
    }
    return { status: 404, body: { error: 'not_found', path } };
  }

  const server: Server = createServer((req, res) => {
    void answer(req).then(
      (response) => {
        res.writeHead(response.status, {
          'content-type': response.contentType ?? 'application/json; charset=utf-8',
          ...response.headers,
        });
        res.end(response.text ?? JSON.stringify(response.body));
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fetch: Fetch = async (input, init) => {
    const url = new URL(input instanceof URL ? input.href : input);
    if (url.protocol !== 'https:' || url.hostname !== 'login.microsoftonline.com')
      throw new Error(`The recorded Entra serves no ${url.origin}`);
    return globalThis.fetch(`${origin}/${url.hostname}${url.pathname}${url.search}`, init);
  };

  return {
    fetch,
    tenant: RECORDED_TENANT,
    tokenRequests,
    deviceRequests,
    answerNextToken: (response) => void queued.push(response),
    approve(authorizationUrl) {
      const url = new URL(authorizationUrl);
      const code = `code-${++codes}`;
      nonces.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return back.href;
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/**
 * The embedded sign-in window as a test double: records each authorization URL, then either
 * lets the provider approve it (`approve`) or fails as a closed window would.
 */
export class RecordingAuthWindow implements AuthWindow {
  readonly opened: URL[] = [];
  /** What the next sign-ins do: approve, or close the window. */
  next: 'approve' | 'close' = 'approve';

  constructor(private readonly entra: ClaimsEntra) {}

  open(request: AuthWindowRequest): Promise<string> {
    this.opened.push(new URL(request.url));
    if (this.next === 'close')
      return Promise.reject(
        tokenDockError('window_closed', 'The sign-in window was closed before sign-in finished.'),
      );
    return Promise.resolve(this.entra.approve(request.url));
  }
}
