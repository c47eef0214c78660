/**
 * What a change costs as the vault grows: one write touches one file, whose size does not depend
 * on how many accounts there are; opening decrypts nothing. Times are printed, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type SecretChange, type Vault } from '../../app/vault';
import { CountingCipher, makeTempRoot, refreshKey, sampleAccount } from '../support/vault-fixtures';

let root: string;
let remove: () => Promise<void>;
const cipher = new AesGcmCipher();

beforeAll(async () => {
  ({ root, remove } = await makeTempRoot());
});
afterAll(async () => {
  await remove();
});

/** Token-sized values: an Entra refresh token is ~1.3 kB, an access token ~1.5-2.5 kB. */
const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

function secretsOf(account: AccountRecord): SecretChange[] {
  return [
    { key: refreshKey(account.id), value: token(1000) },
    { key: { accountId: account.id, targetId: 'graph', kind: 'access-token' }, value: token(1200) },
    { key: { accountId: account.id, kind: 'client-secret' }, value: token(30) },
  ];
}

/** Adds `count` accounts with their tokens; resolves with the time it took. */
async function fill(vault: Vault, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const account = sampleAccount(`acc-${String(index).padStart(5, '0')}`);
      return vault.writeAccount({ account, secrets: secretsOf(account) });
    }),
  );
  return performance.now() - started;
}

interface FileState {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** Every file under `directory` with what tells a rewrite (atomic replace: a new inode). */
async function fileStates(directory: string): Promise<Map<string, FileState>> {
  const states = new Map<string, FileState>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = await stat(path, { bigint: true });
    states.set(relative(directory, path), {
      ino: stats.ino,
      size: stats.size,
      mtimeNs: stats.mtimeNs,
    });
  }
  return states;
}

/** The files one token rotation of `acc-00003` wrote, and their bytes. */
async function measureOneWrite(count: number): Promise<{ files: string[]; bytes: number }> {
  const directory = join(root, `write-${count}`);
  const vault = openVault({ directory, cipher });
  const took = await fill(vault, count);
  console.info(
    `vault-scaling: adding ${count} accounts with 3 secrets each took ${took.toFixed(0)} ms`,
  );
  const before = await fileStates(directory);
  const account = sampleAccount('acc-00003', { updatedOn: 2 });
  await vault.writeAccount({
    account,
    secrets: [{ key: refreshKey(account.id), value: token(1000) }],
  });
  const after = await fileStates(directory);
  await vault.close();
  const files = [...after]
    .filter(([name, state]) => {
      const old = before.get(name);
      return old === undefined || old.ino !== state.ino || old.mtimeNs !== state.mtimeNs;
    })
    .map(([name]) => name);
  const bytes = files.reduce((sum, name) => sum + Number(after.get(name)!.size), 0);
  return { files, bytes };
}

describe('vault scaling', () => {
  it('writes the same bytes for one change with 10 accounts as with 1,000', async () => {
    const small = await measureOneWrite(10);
    const large = await measureOneWrite(1000);
    console.info(
      `vault-scaling: one token rotation wrote ${small.bytes} bytes with 10 accounts, ` +
        `${large.bytes} bytes with 1,000 accounts`,
    );
    expect(small.files).toEqual([join('accounts', 'acc-00003.json')]);
    expect(large.files).toEqual([join('accounts', 'acc-00003.json')]);
    expect(large.bytes).toBe(small.bytes);
  }, 60_000);

  it('opens 2,000 accounts with tokens without decrypting anything', async () => {
    const directory = join(root, 'open-2000');
    const writer = openVault({ directory, cipher });
    await fill(writer, 2000);
    await writer.close();

    const counting = new CountingCipher(cipher);
    const times: number[] = [];
    let vault: Vault | undefined;
    for (let round = 0; round < 3; round += 1) {
      const started = performance.now();
      vault = openVault({ directory, cipher: counting });
      times.push(performance.now() - started);
      expect(vault.load().accounts).toHaveLength(2000);
      if (round < 2) await vault.close();
    }
    console.info(
      `vault-scaling: opening 2,000 accounts (6,000 sealed secrets) took ${times
        .map((time) => `${time.toFixed(1)} ms`)
        .join(', ')}`,
    );
    expect(counting.decrypts).toBe(0);
    expect(vault!.problems).toEqual([]);
    const refreshToken = vault!.readSecret(refreshKey('acc-01999'));
    expect(Buffer.from(refreshToken ?? '', 'base64url')).toHaveLength(1000);
    expect(counting.decrypts).toBe(1);
    await vault!.close();
  }, 60_000);
});
