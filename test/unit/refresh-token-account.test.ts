import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type AccountInput } from '../../app/engine';
import { TokenDockError } from '../../app/errors/tokendock-error';
import type { Fetch, Logger } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { RecordingClipboard } from '../support/engine-harness';

/**
 * An account added from a pasted refresh token, against a provider played here: one that echoes
 * the token into its error description (the engine must not repeat or log it), and one whose
 * refresh answer has no ID token (who signed in then comes from userinfo).
 */

const ISSUER = 'https://op.test';
const PASTED = 'pasted-refresh-token-7f3c2a9e41d84b6f';

interface Provider {
  /** The token endpoint's answer. */
  token: () => Response;
  requests: string[];
}

function provider(token: Provider['token']): Provider & { fetch: Fetch } {
  const requests: string[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const fetch: Fetch = async (input, init) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/authorize`,
          token_endpoint: `${ISSUER}/token`,
          userinfo_endpoint: `${ISSUER}/userinfo`,
          jwks_uri: `${ISSUER}/jwks`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
        });
      case '/token':
        return token();
      case '/userinfo':
        return json({
          sub: 'user-7',
          name: 'Grace Hopper',
          preferred_username: 'grace@op.test',
        });
      default:
        return json({ error: 'not_found' }, 404);
    }
  };
  return { token, requests, fetch };
}

const opened: Array<{ engine: Engine; vault: Vault; directory: string }> = [];
afterEach(async () => {
  for (const { engine, vault, directory } of opened.splice(0)) {
    await engine.stop();
    await vault.close();
    await rm(directory, { recursive: true, force: true });
  }
});

async function start(fetch: Fetch) {
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-rt-'));
  const vault = openVault({ directory, cipher: new AesGcmCipher() });
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const engine = new Engine({
    vault,
    fetch,
    clipboard: new RecordingClipboard(),
    notifier: { notify: () => undefined },
    logger,
  });
  engine.start();
  opened.push({ engine, vault, directory });
  return { engine, lines, directory };
}

const input: AccountInput = {
  name: 'Grace',
  authority: { kind: 'oidc', issuer: ISSUER },
  flow: 'authorization_code',
  signInMode: 'system-browser',
  clientId: 'client-1',
  clientAuth: { kind: 'secret', method: 'client_secret_post' },
  clientSecret: 'client-secret-value-1',
  refreshToken: PASTED,
  targets: [{ label: 'Profile', target: { kind: 'scopes', scopes: ['profile'] } }],
};

describe('adding an account from a refresh token', () => {
  it('never repeats the token the provider echoed, logs nothing of it, saves nothing', async () => {
    const op = provider(
      () =>
        new Response(
          JSON.stringify({
            error: 'invalid_request',
            error_description: `The refresh token ${PASTED} is malformed.`,
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    );
    const { engine, lines, directory } = await start(op.fetch);
    const error = await engine.addAccount(input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenDockError);
    const info = (error as TokenDockError).toInfo();
    expect(info.code).toBe('invalid_request');
    expect(op.requests).toContain('POST /token');
    expect(JSON.stringify(info)).not.toContain(PASTED);
    expect(info.providerErrorDescription).toContain('[redacted]');
    expect(lines.join('\n')).not.toContain(PASTED);
    expect(JSON.stringify(engine.activity())).not.toContain(PASTED);
    expect(engine.listAccounts()).toEqual([]);
    expect(await readdir(join(directory, 'accounts')).catch(() => [])).toEqual([]);
  });

  it('takes who signed in from userinfo when the refresh returns no ID token', async () => {
    const op = provider(
      () =>
        new Response(
          JSON.stringify({
            access_token: 'access-token-value-123456',
            token_type: 'Bearer',
            expires_in: 3600,
            scope: 'openid profile offline_access',
            refresh_token: 'rotated-refresh-token-987654',
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    );
    const { engine } = await start(op.fetch);
    const account = await engine.addAccount(input);
    // (Discovery twice: the capability check when adding, then the redemption.)
    expect(op.requests.filter((r) => !r.includes('.well-known'))).toEqual([
      'POST /token',
      'GET /userinfo',
    ]);
    expect(account).toMatchObject({
      state: 'valid',
      hasRefreshToken: true,
      identity: { name: 'Grace Hopper', userId: 'grace@op.test', subject: 'user-7' },
    });
  });
});
