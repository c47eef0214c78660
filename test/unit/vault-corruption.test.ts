import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import {
  FIXED_STAMP,
  accountWithoutSecrets,
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  refreshKey,
  sampleAccount,
} from '../support/vault-fixtures';

type FileName = 'tokendock.json' | 'secrets.json';

let remove: () => Promise<void>;
let directory: string;
const cipher = new AesGcmCipher();

beforeEach(async () => {
  const temp = await makeTempRoot();
  remove = temp.remove;
  directory = join(temp.root, 'vault');
});
afterEach(async () => {
  await remove();
});

function open(): Vault {
  return openVault({ directory, cipher, clock: fixedClock });
}

/** a1 has a client secret and tokens; a2 has no secrets at all. */
function seed(): void {
  const vault = open();
  vault.saveAccounts([sampleAccount('a1'), accountWithoutSecrets('a2')]);
  vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'dark' });
  vault.writeSecrets([
    { key: clientSecretKey('a1'), value: 'a1-client-secret' },
    { key: refreshKey('a1'), value: 'a1-refresh-token' },
  ]);
}

const variants: Record<string, (file: FileName, valid: Buffer) => Buffer> = {
  'random bytes': () => randomBytes(512),
  'truncated JSON': (_file, valid) => valid.subarray(0, Math.floor(valid.length / 2)),
  'an empty file': () => Buffer.alloc(0),
  'valid JSON of the wrong shape': (file) =>
    Buffer.from(
      file === 'tokendock.json'
        ? JSON.stringify({ schemaVersion: 1, accounts: { a1: {} }, settings: {} })
        : JSON.stringify({ schemaVersion: 1, entries: ['a1/-/client-secret'] }),
    ),
  'a JSON array': () => Buffer.from('[1,2,3]'),
  'a future schemaVersion': (_file, valid) =>
    Buffer.from(JSON.stringify({ ...(JSON.parse(valid.toString()) as object), schemaVersion: 2 })),
};

const cases = Object.keys(variants).flatMap((variant) =>
  (['tokendock.json', 'secrets.json'] as const).map((file) => [variant, file] as const),
);

describe('openVault: a damaged file is moved aside and the vault keeps working', () => {
  it.each(cases)('%s in %s', async (variant, file) => {
    seed();
    const path = join(directory, file);
    const damaged = variants[variant]!(file, await readFile(path));
    await writeFile(path, damaged);

    const vault = open();
    const movedTo = `${path}.corrupt-${FIXED_STAMP}`;
    expect(vault.problems).toContainEqual({
      kind: 'quarantined',
      file: path,
      movedTo,
      reason: expect.any(String) as string,
    });
    expect(await readFile(movedTo)).toEqual(damaged);
    expect(vault.files()).toContain(movedTo);

    if (file === 'tokendock.json') {
      // The accounts are gone; the secrets file was not touched.
      expect(vault.load()).toEqual({ accounts: [], settings: DEFAULT_SETTINGS });
      expect(vault.problems).toHaveLength(1);
      expect(vault.readSecret(refreshKey('a1'))).toBe('a1-refresh-token');
    } else {
      // The accounts remain; those that had secrets must sign in again.
      expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1', 'a2']);
      expect(vault.load().settings.theme).toBe('dark');
      expect(vault.problems).toContainEqual({
        kind: 'undecryptable',
        accountId: 'a1',
        secretKinds: ['client-secret', 'access-token', 'refresh-token'],
      });
      expect(vault.problems).toHaveLength(2);
      expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    }

    vault.saveAccounts([sampleAccount('fresh')]);
    vault.writeSecrets([{ key: refreshKey('fresh'), value: 'fresh-token' }]);
    const reopened = open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.load().accounts.map((account) => account.id)).toEqual(['fresh']);
    expect(reopened.readSecret(refreshKey('fresh'))).toBe('fresh-token');
    expect(await readFile(movedTo)).toEqual(damaged);
  });

  it('names a second quarantine in the same second with a -2 suffix', async () => {
    await mkdir(directory, { mode: 0o700 });
    const path = join(directory, 'tokendock.json');
    await writeFile(path, 'garbage one');
    open();
    await writeFile(path, 'garbage two');
    const vault = open();
    expect(vault.problems[0]).toMatchObject({ movedTo: `${path}.corrupt-${FIXED_STAMP}-2` });
    expect(await readFile(`${path}.corrupt-${FIXED_STAMP}`, 'utf8')).toBe('garbage one');
    expect(await readFile(`${path}.corrupt-${FIXED_STAMP}-2`, 'utf8')).toBe('garbage two');
  });
});

describe('openVault: secret entries that do not decrypt', () => {
  type SecretsFile = { schemaVersion: 1; entries: Record<string, string> };

  async function damageEntries(damage: (entries: Record<string, string>) => void): Promise<Buffer> {
    const path = join(directory, 'secrets.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as SecretsFile;
    damage(file.entries);
    const bytes = Buffer.from(JSON.stringify(file));
    await writeFile(path, bytes);
    return bytes;
  }

  function seedTwoAccounts(): void {
    const vault = open();
    vault.saveAccounts([sampleAccount('a1'), sampleAccount('a2')]);
    vault.writeSecrets([
      { key: clientSecretKey('a1'), value: 'a1-client-secret' },
      { key: refreshKey('a1'), value: 'a1-refresh-token' },
      { key: clientSecretKey('a2'), value: 'a2-client-secret' },
      { key: refreshKey('a2'), value: 'a2-refresh-token' },
    ]);
  }

  it('drops an entry sealed with another key, keeps the rest, copies the original aside', async () => {
    seedTwoAccounts();
    const otherKey = new AesGcmCipher();
    const original = await damageEntries((entries) => {
      entries['a2/-/refresh-token'] = Buffer.from(otherKey.encrypt('x')).toString('base64');
    });

    const vault = open();
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a2', secretKinds: ['refresh-token'] },
    ]);
    expect(vault.readSecret(refreshKey('a2'))).toBeUndefined();
    expect(vault.readSecret(clientSecretKey('a2'))).toBe('a2-client-secret');
    expect(vault.readSecret(refreshKey('a1'))).toBe('a1-refresh-token');
    expect(vault.load().accounts).toHaveLength(2);

    const copy = join(directory, `secrets.json.corrupt-${FIXED_STAMP}`);
    expect(await readFile(copy)).toEqual(original);
    const rewritten = JSON.parse(
      await readFile(join(directory, 'secrets.json'), 'utf8'),
    ) as SecretsFile;
    expect(Object.keys(rewritten.entries).sort()).toEqual([
      'a1/-/client-secret',
      'a1/-/refresh-token',
      'a2/-/client-secret',
    ]);
    expect(open().problems).toEqual([]);
  });

  it('groups the kinds per account when several entries fail (flipped bytes, not base64)', async () => {
    seedTwoAccounts();
    await damageEntries((entries) => {
      const sealed = Buffer.from(entries['a1/-/refresh-token']!, 'base64');
      sealed[sealed.length - 1]! ^= 0x01;
      entries['a1/-/refresh-token'] = sealed.toString('base64');
      entries['a1/-/client-secret'] = '!!not base64!!';
    });
    const vault = open();
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a1', secretKinds: ['client-secret', 'refresh-token'] },
    ]);
    expect(vault.readSecret(refreshKey('a2'))).toBe('a2-refresh-token');
    expect((await readdir(directory)).sort()).toEqual([
      'secrets.json',
      `secrets.json.corrupt-${FIXED_STAMP}`,
      'tokendock.json',
    ]);
  });
});

describe('openVault: malformed account entries', () => {
  it('drops them with a problem, keeps the good ones, copies the original aside', async () => {
    await mkdir(directory, { mode: 0o700 });
    const path = join(directory, 'tokendock.json');
    const original = JSON.stringify({
      schemaVersion: 1,
      accounts: [
        sampleAccount('good1'),
        { id: 5, name: 'numeric id' },
        'not an object',
        sampleAccount('good2'),
        sampleAccount('good1', { name: 'same id again' }),
      ],
      settings: DEFAULT_SETTINGS,
    });
    await writeFile(path, original);

    const vault = open();
    expect(vault.load().accounts.map((account) => account.name)).toEqual([
      'Account good1',
      'Account good2',
    ]);
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path,
        movedTo: `${path}.corrupt-${FIXED_STAMP}`,
        reason: expect.stringMatching(/dropped 3 malformed account entries.*#1.*#2.*#4/) as string,
      },
    ]);
    expect(await readFile(`${path}.corrupt-${FIXED_STAMP}`, 'utf8')).toBe(original);
    const rewritten = JSON.parse(await readFile(path, 'utf8')) as { accounts: unknown[] };
    expect(rewritten.accounts).toHaveLength(2);
  });
});
