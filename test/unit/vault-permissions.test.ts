import { chmod, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, VaultWriteError, openVault, type Vault } from '../../app/vault';
import {
  accountPath,
  fixedClock,
  makeTempRoot,
  refreshKey,
  sampleAccount,
} from '../support/vault-fixtures';

const posixOnly = process.platform === 'win32' ? it.skip : it;

let root: string;
let remove: () => Promise<void>;
let directory: string;
const cipher = new AesGcmCipher();
const opened: Vault[] = [];

beforeEach(async () => {
  ({ root, remove } = await makeTempRoot());
  directory = join(root, 'vault');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
  await remove();
});

function open(): Vault {
  const vault = openVault({ directory, cipher, clock: fixedClock });
  opened.push(vault);
  return vault;
}

async function seed(): Promise<void> {
  const vault = open();
  await vault.writeAccount({
    account: sampleAccount('a1'),
    secrets: [{ key: refreshKey('a1'), value: 'v' }],
  });
  await vault.saveSettings(DEFAULT_SETTINGS);
  await vault.close();
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('openVault: permissions and links', () => {
  posixOnly('creates its folders 0700 and its files 0600', async () => {
    const vault = open();
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'v' }],
    });
    await vault.saveSettings(DEFAULT_SETTINGS);
    expect(await mode(directory)).toBe(0o700);
    expect(await mode(join(directory, 'accounts'))).toBe(0o700);
    expect(vault.files()).toHaveLength(3);
    for (const file of vault.files()) expect(await mode(file)).toBe(0o600);
  });

  posixOnly('tightens existing 0755 folders and 0644 files', async () => {
    await seed();
    await chmod(directory, 0o755);
    await chmod(join(directory, 'accounts'), 0o755);
    await chmod(accountPath(directory, 'a1'), 0o644);
    await chmod(join(directory, 'settings.json'), 0o644);
    open();
    expect(await mode(directory)).toBe(0o700);
    expect(await mode(join(directory, 'accounts'))).toBe(0o700);
    expect(await mode(accountPath(directory, 'a1'))).toBe(0o600);
    expect(await mode(join(directory, 'settings.json'))).toBe(0o600);
  });

  posixOnly('refuses a folder that is a symbolic link', async () => {
    const real = join(root, 'real');
    await mkdir(real, { mode: 0o755 });
    await symlink(real, directory);
    expect(() => open()).toThrow(/symbolic link/);
    expect(await readdir(real)).toEqual([]);
    expect(await mode(real)).toBe(0o755);
  });

  posixOnly('refuses an accounts folder that is a symbolic link', async () => {
    await seed();
    const real = join(root, 'real');
    await mkdir(real, { mode: 0o755 });
    await rm(join(directory, 'accounts'), { recursive: true });
    await symlink(real, join(directory, 'accounts'));
    expect(() => open()).toThrow(/symbolic link/);
    expect(await readdir(real)).toEqual([]);
    // Refusing to open released the lock it had taken.
    expect(await readdir(directory)).not.toContain('tokendock.lock');
  });

  posixOnly.each([
    'settings.json',
    'accounts/a1.json',
    'tokendock.lock',
    'tokendock.json',
    'secrets.json',
  ])('refuses a %s that is a symbolic link, and leaves its target alone', async (name) => {
    await seed();
    const elsewhere = join(root, 'elsewhere.json');
    await writeFile(elsewhere, 'not yours');
    await rm(join(directory, name), { force: true });
    await symlink(elsewhere, join(directory, name));
    expect(() => open()).toThrow(/symbolic link/);
    expect(await readFile(elsewhere, 'utf8')).toBe('not yours');
  });

  posixOnly('refuses to write through a symbolic link put in place after opening', async () => {
    await seed();
    const vault = open();
    const elsewhere = join(root, 'elsewhere.json');
    await writeFile(elsewhere, 'not yours');
    for (const name of ['accounts/a1.json', 'settings.json']) {
      await rm(join(directory, name));
      await symlink(elsewhere, join(directory, name));
    }
    const write = vault.writeAccount({ account: sampleAccount('a1', { name: 'new' }) });
    await expect(write).rejects.toThrow(VaultWriteError);
    await expect(write).rejects.toThrow(/symbolic link/);
    await expect(vault.saveSettings(DEFAULT_SETTINGS)).rejects.toThrow(/symbolic link/);
    await expect(vault.removeAccount('a1')).rejects.toThrow(/symbolic link/);
    expect(await readFile(elsewhere, 'utf8')).toBe('not yours');
    expect(vault.load().accounts[0]!.name).toBe('Account a1');
  });
});
