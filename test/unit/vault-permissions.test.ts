import { chmod, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { fixedClock, makeTempRoot, refreshKey, sampleAccount } from '../support/vault-fixtures';

const posixOnly = process.platform === 'win32' ? it.skip : it;

let root: string;
let remove: () => Promise<void>;
let directory: string;
const cipher = new AesGcmCipher();

beforeEach(async () => {
  ({ root, remove } = await makeTempRoot());
  directory = join(root, 'vault');
});
afterEach(async () => {
  await remove();
});

function open(): Vault {
  return openVault({ directory, cipher, clock: fixedClock });
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('openVault: permissions and links', () => {
  posixOnly('creates its folder 0700 and its files 0600', async () => {
    const vault = open();
    vault.writeSecrets([{ key: refreshKey('a1'), value: 'v' }]);
    vault.saveAccounts([sampleAccount('a1')]);
    expect(await mode(directory)).toBe(0o700);
    for (const file of vault.files()) expect(await mode(file)).toBe(0o600);
  });

  posixOnly('tightens an existing 0755 folder and a 0644 file', async () => {
    await mkdir(directory, { mode: 0o755 });
    await chmod(directory, 0o755);
    await writeFile(
      join(directory, 'tokendock.json'),
      '{"schemaVersion":1,"accounts":[],"settings":{}}',
    );
    await chmod(join(directory, 'tokendock.json'), 0o644);
    open();
    expect(await mode(directory)).toBe(0o700);
    expect(await mode(join(directory, 'tokendock.json'))).toBe(0o600);
  });

  posixOnly('refuses a folder that is a symbolic link', async () => {
    const real = join(root, 'real');
    await mkdir(real, { mode: 0o755 });
    await symlink(real, directory);
    expect(() => open()).toThrow(/symbolic link/);
    expect(await readdir(real)).toEqual([]);
    expect(await mode(real)).toBe(0o755);
  });

  posixOnly.each(['tokendock.json', 'secrets.json'])(
    'refuses a %s that is a symbolic link, and leaves its target alone',
    async (name) => {
      await mkdir(directory, { mode: 0o700 });
      const elsewhere = join(root, 'elsewhere.json');
      await writeFile(elsewhere, 'not yours');
      await symlink(elsewhere, join(directory, name));
      expect(() => open()).toThrow(/symbolic link/);
      expect(await readFile(elsewhere, 'utf8')).toBe('not yours');
    },
  );

  posixOnly('refuses to write through a symbolic link put in place after opening', async () => {
    const vault = open();
    const elsewhere = join(root, 'elsewhere.json');
    await writeFile(elsewhere, 'not yours');
    await rm(join(directory, 'tokendock.json'));
    await symlink(elsewhere, join(directory, 'tokendock.json'));
    expect(() => vault.saveAccounts([sampleAccount('a1')])).toThrow(/symbolic link/);
    expect(await readFile(elsewhere, 'utf8')).toBe('not yours');
  });
});
