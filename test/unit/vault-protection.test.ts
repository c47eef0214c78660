import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import {
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  refreshKey,
  sampleAccount,
  valuesFoundIn,
} from '../support/vault-fixtures';

let remove: () => Promise<void>;
let directory: string;
const key = new Uint8Array(32).fill(7);
/** Like Electron's safeStorage on Linux with the `basic_text` backend. */
const unprotected = new AesGcmCipher(key, { isProtected: false, backend: 'basic_text' });
const protectedCipher = new AesGcmCipher(key);
const secretsFile = (): string => join(directory, 'secrets.json');
const values = ['rt-memory-only', 'client-memory-only'];

beforeEach(async () => {
  const temp = await makeTempRoot();
  remove = temp.remove;
  directory = join(temp.root, 'vault');
});
afterEach(async () => {
  await remove();
});

function open(cipher = unprotected): Vault {
  return openVault({ directory, cipher, clock: fixedClock });
}

function seed(vault: Vault): void {
  vault.saveAccounts([sampleAccount('a1')]);
  vault.writeSecrets([
    { key: refreshKey('a1'), value: values[0] },
    { key: clientSecretKey('a1'), value: values[1] },
  ]);
}

const entriesOnDisk = async (): Promise<string[]> => {
  try {
    const file = JSON.parse(await readFile(secretsFile(), 'utf8')) as { entries: object };
    return Object.keys(file.entries);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};

describe('openVault with an unprotected cipher', () => {
  it('keeps secrets in memory only until the user opts in, and says so', async () => {
    const vault = open();
    seed(vault);
    expect(vault.protection).toEqual({
      isProtected: false,
      backend: 'basic_text',
      secretsOnDisk: false,
    });
    expect(vault.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(vault.files()).toEqual([join(directory, 'tokendock.json')]);
    expect(await entriesOnDisk()).toEqual([]);
    expect(await valuesFoundIn(vault.files(), values)).toEqual([]);
  });

  it('writes them on opt-in, removes them from disk on opt-out, keeps them in memory', async () => {
    const vault = open();
    seed(vault);

    vault.setPersistUnprotected(true);
    expect(vault.protection.secretsOnDisk).toBe(true);
    expect(vault.load().settings.persistUnprotectedSecrets).toBe(true);
    expect((await entriesOnDisk()).sort()).toEqual(['a1/-/client-secret', 'a1/-/refresh-token']);
    const reopened = open();
    expect(reopened.protection.secretsOnDisk).toBe(true);
    expect(reopened.readSecret(refreshKey('a1'))).toBe(values[0]);

    reopened.setPersistUnprotected(false);
    expect(reopened.protection.secretsOnDisk).toBe(false);
    expect(reopened.files()).toEqual([join(directory, 'tokendock.json')]);
    expect(reopened.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(reopened.load().settings.persistUnprotectedSecrets).toBe(false);

    reopened.writeSecrets([{ key: refreshKey('a1'), value: 'rotated-in-memory' }]);
    expect(await entriesOnDisk()).toEqual([]);
    expect(reopened.readSecret(refreshKey('a1'))).toBe('rotated-in-memory');
  });

  it('has lost memory-only secrets after a reopen without opt-in', () => {
    seed(open());
    const reopened = open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.load().accounts).toHaveLength(1);
    expect(reopened.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(reopened.protection).toMatchObject({ isProtected: false, secretsOnDisk: false });
  });

  it('removes a secrets file found on disk without opt-in, after reading it into memory', async () => {
    seed(open(protectedCipher));
    expect((await entriesOnDisk()).length).toBe(2);
    const vault = open(unprotected);
    expect(vault.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(vault.files()).toEqual([join(directory, 'tokendock.json')]);
  });

  it('keeps the opt-in flag when the cipher is protected, and secrets stay on disk', async () => {
    const vault = open(protectedCipher);
    seed(vault);
    vault.setPersistUnprotected(false);
    expect(vault.protection.secretsOnDisk).toBe(true);
    expect((await entriesOnDisk()).length).toBe(2);
    vault.setPersistUnprotected(true);
    expect(open(protectedCipher).load().settings.persistUnprotectedSecrets).toBe(true);
  });
});
