import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AccountRecord, StoredAuthority } from '../app/accounts/types';
import { Engine } from '../app/engine';
import type { Clock, Fetch, PowerEvents, Timers } from '../app/ports';
import { openVault, type AccountWrite, type AesGcmCipher, type Vault } from '../app/vault';

/**
 * Vaults written directly (no sign-ins) and a provider that is only a function: what lets the
 * growth figures hold 10,000 accounts, and the cold-start figure 2,000 tokens, in seconds.
 */

/** The issuer of the in-process fake provider; never resolved (the fetch is a function). */
export const FAKE_ISSUER = 'https://idp.bench.tokendock.test';
export const FAKE_CLIENT_ID = 'bench-public-client';

/** A JWT-sized access token (about 1.2 KB, like the sandbox's and Entra's). */
export const accessTokenValue = () => `eyJ${randomBytes(900).toString('base64url')}`;
/** An ID-token-sized value (about 0.7 KB). */
export const idTokenValue = () => `eyJ${randomBytes(500).toString('base64url')}`;
/** A refresh-token-sized value (oidc-provider's are 43 characters). */
export const refreshTokenValue = () => randomBytes(32).toString('base64url');

export interface SyntheticAccounts {
  accounts: number;
  targetsPerAccount: number;
  /** Where the accounts sign in; the fake provider by default. */
  authority?: StoredAuthority;
  clientId?: string;
  /** The token endpoint the refresh tokens are bound to. */
  tokenEndpoint?: string;
  /** Wall-clock expiry of every token (epoch ms); an hour from now by default. */
  expiresOn?: number;
  /** Token lifetime in seconds; 3600 by default. */
  expiresIn?: number;
}

/** One signed-in user account (authorization code, public client) with its tokens. */
export function syntheticAccount(index: number, options: SyntheticAccounts): AccountWrite {
  const now = Date.now();
  const expiresIn = options.expiresIn ?? 3600;
  const expiresOn = options.expiresOn ?? now + expiresIn * 1000;
  const clientId = options.clientId ?? FAKE_CLIENT_ID;
  const id = randomUUID();
  const targets = Array.from({ length: options.targetsPerAccount }, (_, n) => ({
    id: randomUUID(),
    label: `Target ${n}`,
    target: { kind: 'scopes' as const, scopes: [`api${n}.read`] },
    token: {
      expiresOn,
      expiresIn,
      acquiredOn: expiresOn - expiresIn * 1000,
      scope: `openid profile offline_access api${n}.read`,
      hasRefreshToken: true,
    },
  }));
  const account: AccountRecord = {
    id,
    name: `Account ${index}`,
    authority: options.authority ?? { kind: 'oidc', issuer: FAKE_ISSUER },
    flow: 'authorization_code',
    clientId,
    clientAuth: { kind: 'none' },
    signInMode: 'system-browser',
    redirectUri: 'http://127.0.0.1/callback',
    targets,
    identity: { identityProvider: FAKE_ISSUER, userId: `user${index}@bench.test` },
    refreshTokenBinding: {
      tokenEndpoint: options.tokenEndpoint ?? `${FAKE_ISSUER}/token`,
      clientId,
    },
    createdOn: now,
    updatedOn: now,
  };
  return {
    account,
    secrets: [
      { key: { accountId: id, kind: 'refresh-token' }, value: refreshTokenValue() },
      ...targets.flatMap((t) => [
        {
          key: { accountId: id, targetId: t.id, kind: 'access-token' as const },
          value: accessTokenValue(),
        },
        {
          key: { accountId: id, targetId: t.id, kind: 'id-token' as const },
          value: idTokenValue(),
        },
      ]),
    ],
  };
}

/** Writes `options.accounts` accounts through the vault, 500 at a time; returns them. */
export async function writeSyntheticAccounts(
  vault: Vault,
  options: SyntheticAccounts,
): Promise<AccountRecord[]> {
  const written: AccountRecord[] = [];
  for (let start = 0; start < options.accounts; start += 500) {
    const batch = Array.from({ length: Math.min(500, options.accounts - start) }, (_, i) =>
      syntheticAccount(start + i, options),
    );
    await Promise.all(batch.map((write) => vault.writeAccount(write)));
    written.push(...batch.map((write) => write.account));
  }
  return written;
}

/** A vault folder holding synthetic accounts, closed again (its lock released). */
export async function writeSyntheticVault(
  directory: string,
  cipher: AesGcmCipher,
  options: SyntheticAccounts,
): Promise<AccountRecord[]> {
  const vault = openVault({ directory, cipher });
  try {
    return await writeSyntheticAccounts(vault, options);
  } finally {
    await vault.close();
  }
}

/**
 * An OpenID provider that is a function: discovery, and a token endpoint that answers every
 * grant with a new access token and a rotated refresh token, at once. No sockets, no provider CPU.
 */
export function fakeProviderFetch(issuer = FAKE_ISSUER): Fetch & { tokenRequests: number } {
  const metadata = JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
  });
  const json = (body: string) =>
    new Response(body, {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        date: new Date().toUTCString(),
      },
    });
  const fetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname === '/.well-known/openid-configuration') return json(metadata);
    if (url.pathname === '/token' && init?.method === 'POST') {
      fetch.tokenRequests += 1;
      const body = new URLSearchParams(String(init.body));
      return json(
        JSON.stringify({
          access_token: accessTokenValue(),
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: refreshTokenValue(),
          scope: body.get('scope') ?? '',
        }),
      );
    }
    return new Response('not found', { status: 404 });
  };
  fetch.tokenRequests = 0;
  return fetch;
}

export interface BenchEngineOptions {
  directory: string;
  cipher: AesGcmCipher;
  fetch: Fetch;
  sandboxIssuer?: string;
  clock?: Clock;
  timers?: Timers;
  powerEvents?: PowerEvents;
  random?: () => number;
  /** Wraps the vault before the engine gets it (to count writes). */
  wrapVault?: (vault: Vault) => Vault;
}

/** Opens the vault and builds an engine on it, as the app does; `start()` is the caller's. */
export function openBenchEngine(options: BenchEngineOptions) {
  const vault = openVault({ directory: options.directory, cipher: options.cipher });
  const engine = new Engine({
    vault: options.wrapVault ? options.wrapVault(vault) : vault,
    fetch: options.fetch,
    clipboard: { writeText: () => undefined, readText: () => '' },
    notifier: { notify: () => undefined },
    ...(options.sandboxIssuer !== undefined
      ? { sandboxIssuer: async () => options.sandboxIssuer! }
      : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.powerEvents ? { powerEvents: options.powerEvents } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  return {
    engine,
    vault,
    async close() {
      await engine.stop();
      await vault.close();
    },
  };
}

/**
 * A vault that counts `writeAccount` calls per account and passes everything through (a proxy,
 * so members the vault gains later pass through too; the vault's private fields need `this` to
 * be the vault itself).
 */
export function countingVault(inner: Vault): Vault & { writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const writeAccount: Vault['writeAccount'] = (write) => {
    writes.set(write.account.id, (writes.get(write.account.id) ?? 0) + 1);
    return inner.writeAccount(write);
  };
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'writes') return writes;
      if (property === 'writeAccount') return writeAccount;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  }) as Vault & { writes: Map<string, number> };
}

interface FileState {
  ino: number;
  mtimeMs: number;
  size: number;
}

/** Every file under `directory` (recursively) with what tells a rewrite apart. */
export async function snapshotFolder(directory: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        try {
          const s = await stat(path);
          files.set(path, { ino: s.ino, mtimeMs: s.mtimeMs, size: s.size });
        } catch {
          // Gone between readdir and stat (a temporary file): not a file the vault kept.
        }
      }),
  );
  return files;
}

/**
 * The files written between two snapshots (new, or replaced: another inode, time or size) and
 * their bytes. `writesOf` says how often a file was written when that was more than once (the
 * snapshots only see the last version).
 */
export function writtenBetween(
  before: Map<string, FileState>,
  after: Map<string, FileState>,
  writesOf: (file: string) => number = () => 1,
): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const [path, now] of after) {
    const then = before.get(path);
    if (then && then.ino === now.ino && then.mtimeMs === now.mtimeMs && then.size === now.size)
      continue;
    const times = Math.max(1, writesOf(path));
    files += times;
    bytes += now.size * times;
  }
  return { files, bytes };
}

/** The account id of an account file path (`…/<id>.json`), as the vault names them. */
export function accountIdOfPath(path: string): string {
  return basename(path).replace(/\.json$/, '');
}
