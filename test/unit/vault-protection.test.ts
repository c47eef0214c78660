import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import type { Cipher } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import {
  CountingCipher,
  accountWithoutSecrets,
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  readAccountJson,
  refreshKey,
  sampleAccount,
  snapshotTree,
  valuesFoundIn,
} from '../support/vault-fixtures';

let remove: () => Promise<void>;
let directory: string;
const key = new Uint8Array(32).fill(7);
/** Like Electron's safeStorage on Linux with the `basic_text` backend. */
const unprotected = new AesGcmCipher(key, { isProtected: false, backend: 'basic_text' });
const protectedCipher = new AesGcmCipher(key);
const values = ['rt-memory-only', 'client-memory-only'];
const opened: Vault[] = [];

beforeEach(async () => {
  const temp = await makeTempRoot();
  remove = temp.remove;
  directory = join(temp.root, 'vault');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
  await remove();
});

function open(cipher: Cipher = unprotected): Vault {
  const vault = openVault({ directory, cipher, clock: fixedClock });
  opened.push(vault);
  return vault;
}

async function seed(vault: Vault): Promise<void> {
  await vault.writeAccount({
    account: sampleAccount('a1'),
    secrets: [
      { key: refreshKey('a1'), value: values[0] },
      { key: clientSecretKey('a1'), value: values[1] },
    ],
  });
  await vault.writeAccount({ account: accountWithoutSecrets('a2') });
}

const slotsOnDisk = async (id = 'a1'): Promise<string[]> =>
  Object.keys((await readAccountJson(directory, id)).secrets).sort();

describe('openVault with an unprotected cipher', () => {
  it('keeps secrets in memory only until the user opts in, and says so', async () => {
    const vault = open();
    await seed(vault);
    expect(vault.protection).toEqual({
      isProtected: false,
      backend: 'basic_text',
      secretsOnDisk: false,
    });
    expect(vault.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(await slotsOnDisk()).toEqual([]);
    expect((await readAccountJson(directory, 'a1')).account.id).toBe('a1');
    expect(await valuesFoundIn(vault.files(), values)).toEqual([]);
  });

  it('writes them into every account file on opt-in, removes them on opt-out, keeps them in memory', async () => {
    const vault = open();
    await seed(vault);

    await vault.setPersistUnprotected(true);
    expect(vault.protection.secretsOnDisk).toBe(true);
    expect(vault.load().settings.persistUnprotectedSecrets).toBe(true);
    expect(await slotsOnDisk()).toEqual(['*/client-secret', '*/refresh-token']);
    expect(await slotsOnDisk('a2')).toEqual([]);
    await vault.close();
    const reopened = open();
    expect(reopened.protection.secretsOnDisk).toBe(true);
    expect(reopened.readSecret(refreshKey('a1'))).toBe(values[0]);

    await reopened.setPersistUnprotected(false);
    expect(reopened.protection.secretsOnDisk).toBe(false);
    expect(await slotsOnDisk()).toEqual([]);
    expect(reopened.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(reopened.readSecret(clientSecretKey('a1'))).toBe(values[1]);
    expect(reopened.load().settings.persistUnprotectedSecrets).toBe(false);

    await reopened.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'rotated-in-memory' }],
    });
    expect(await slotsOnDisk()).toEqual([]);
    expect(reopened.readSecret(refreshKey('a1'))).toBe('rotated-in-memory');
  });

  it('saveSettings changing the opt-in does what setPersistUnprotected does', async () => {
    const vault = open();
    await seed(vault);
    await vault.saveSettings({ ...DEFAULT_SETTINGS, persistUnprotectedSecrets: true });
    expect(await slotsOnDisk()).toEqual(['*/client-secret', '*/refresh-token']);
    await vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(await slotsOnDisk()).toEqual([]);
    expect(vault.readSecret(refreshKey('a1'))).toBe(values[0]);
  });

  it('orders a change of where secrets live after the writes called before it', async () => {
    const vault = open();
    await seed(vault);
    const before = vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'before-opt-in' }],
    });
    const optIn = vault.setPersistUnprotected(true);
    const after = vault.writeAccount({
      account: sampleAccount('a3'),
      secrets: [{ key: refreshKey('a3'), value: 'after-opt-in' }],
    });
    await Promise.all([before, optIn, after]);
    expect(await slotsOnDisk('a1')).toEqual(['*/client-secret', '*/refresh-token']);
    expect(await slotsOnDisk('a3')).toEqual(['*/refresh-token']);
    await vault.close();
    const reopened = open();
    expect(reopened.readSecret(refreshKey('a1'))).toBe('before-opt-in');
    expect(reopened.readSecret(refreshKey('a3'))).toBe('after-opt-in');
  });

  it('has lost memory-only secrets after a reopen without opt-in', async () => {
    const vault = open();
    await seed(vault);
    await vault.close();
    const reopened = open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.load().accounts).toHaveLength(2);
    expect(reopened.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(reopened.protection).toMatchObject({ isProtected: false, secretsOnDisk: false });
  });

  it('takes secrets found on disk without opt-in into memory, and off the disk, at open', async () => {
    const writer = open(protectedCipher);
    await seed(writer);
    await writer.close();
    expect(await slotsOnDisk()).toHaveLength(2);
    const counting = new CountingCipher(unprotected);
    const vault = open(counting);
    expect(await slotsOnDisk()).toEqual([]);
    expect(counting.decrypts).toBe(0);
    expect(vault.readSecret(refreshKey('a1'))).toBe(values[0]);
    expect(vault.readSecret(clientSecretKey('a1'))).toBe(values[1]);
    expect(await valuesFoundIn(vault.files(), values)).toEqual([]);
  });

  it('keeps the opt-in flag when the cipher is protected, and secrets stay on disk', async () => {
    const vault = open(protectedCipher);
    await seed(vault);
    const before = await snapshotTree(join(directory, 'accounts'));
    await vault.setPersistUnprotected(false);
    expect(vault.protection.secretsOnDisk).toBe(true);
    expect(await slotsOnDisk()).toHaveLength(2);
    // Only settings.json was written: the account files did not change.
    expect(await snapshotTree(join(directory, 'accounts'))).toEqual(before);
    await vault.setPersistUnprotected(true);
    await vault.close();
    expect(open(protectedCipher).load().settings.persistUnprotectedSecrets).toBe(true);
  });
});
