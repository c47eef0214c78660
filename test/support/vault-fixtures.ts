import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { AccountRecord, SecretKey } from '../../app/accounts/types';
import type { Cipher, Clock, Logger } from '../../app/ports';

/** A fresh folder under the system temp folder; `remove` deletes it and everything in it. */
export async function makeTempRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'tokendock-vault-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** 2026-11-24T23:01:02Z, so quarantined names are predictable. */
export const FIXED_NOW = Date.UTC(2026, 10, 24, 23, 1, 2);
export const FIXED_STAMP = '20261124T230102Z';
export const fixedClock: Clock = { now: () => FIXED_NOW };

/** An account with a client secret and one target holding a token with a refresh token. */
export function sampleAccount(id: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    name: `Account ${id}`,
    authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
    flow: 'authorization_code',
    clientId: '00000000-0000-0000-0000-000000000001',
    clientAuth: { kind: 'secret', method: 'client_secret_post' },
    signInMode: 'embedded',
    redirectUri: 'https://login.microsoftonline.com/common/oauth2/nativeclient',
    targets: [
      {
        id: 'graph',
        label: 'Graph',
        target: { kind: 'scopes', scopes: ['https://graph.microsoft.com/.default'] },
        token: {
          expiresOn: FIXED_NOW + 3_600_000,
          expiresIn: 3600,
          acquiredOn: FIXED_NOW,
          scope: 'https://graph.microsoft.com/.default',
          hasRefreshToken: true,
        },
      },
    ],
    identity: { userId: 'ada@contoso.com', identityProvider: 'https://login.microsoftonline.com' },
    createdOn: FIXED_NOW,
    updatedOn: FIXED_NOW,
    ...overrides,
  };
}

/** An account that has never signed in and has no client secret: nothing of it is secret. */
export function accountWithoutSecrets(id: string): AccountRecord {
  return sampleAccount(id, {
    clientAuth: { kind: 'none' },
    targets: [{ id: 'api', label: 'API', target: { kind: 'resource', resource: 'api://x' } }],
  });
}

/** The refresh token key of an account (account-wide: one grant, one refresh token). */
export function refreshKey(accountId: string): SecretKey {
  return { accountId, kind: 'refresh-token' };
}

/** The client secret key of an account. */
export function clientSecretKey(accountId: string): SecretKey {
  return { accountId, kind: 'client-secret' };
}

/** A logger that keeps every line, to check that no secret reached it. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** The values (of `values`) found anywhere in the raw bytes of `files`. */
export async function valuesFoundIn(
  files: readonly string[],
  values: readonly string[],
): Promise<string[]> {
  const contents = await Promise.all(files.map((file) => readFile(file)));
  return values.filter((value) => contents.some((bytes) => bytes.includes(Buffer.from(value))));
}

/** A cipher that counts its calls (and can be told to fail), around a real one. */
export class CountingCipher implements Cipher {
  encrypts = 0;
  decrypts = 0;
  constructor(readonly inner: Cipher) {}
  get isProtected(): boolean {
    return this.inner.isProtected;
  }
  get backend(): string {
    return this.inner.backend;
  }
  encrypt(plaintext: string): Uint8Array {
    this.encrypts += 1;
    return this.inner.encrypt(plaintext);
  }
  decrypt(ciphertext: Uint8Array): string {
    this.decrypts += 1;
    return this.inner.decrypt(ciphertext);
  }
}

/** The path of an account's file in a vault folder. */
export function accountPath(directory: string, accountId: string): string {
  return join(directory, 'accounts', `${accountId}.json`);
}

/** An account file as stored. */
export interface StoredAccountFile {
  schemaVersion: number;
  account: AccountRecord;
  secrets: Record<string, string>;
}

/** Reads and parses an account's file. */
export async function readAccountJson(
  directory: string,
  accountId: string,
): Promise<StoredAccountFile> {
  return JSON.parse(await readFile(accountPath(directory, accountId), 'utf8')) as StoredAccountFile;
}

/** Every file under `root` (relative path → bytes), to compare the disk before and after. */
export async function snapshotTree(root: string): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    result.set(relative(root, path), await readFile(path));
  }
  return result;
}

/**
 * Writes the layout before one file per account: `tokendock.json` (`metadata` as given) and,
 * when `secrets` is given, `secrets.json` with each value sealed by `cipher`.
 */
export async function writeLegacyLayout(
  directory: string,
  cipher: Cipher,
  metadata: unknown,
  secrets?: Record<string, string>,
): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await writeFile(join(directory, 'tokendock.json'), JSON.stringify(metadata));
  if (secrets === undefined) return;
  const entries = Object.fromEntries(
    Object.entries(secrets).map(([name, value]) => [
      name,
      Buffer.from(cipher.encrypt(value)).toString('base64'),
    ]),
  );
  await writeFile(
    join(directory, 'secrets.json'),
    JSON.stringify({ schemaVersion: 1, entries }, null, 2),
  );
}
