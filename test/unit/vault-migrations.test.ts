import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { fixedClock, makeTempRoot, sampleAccount } from '../support/vault-fixtures';

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

describe('openVault: metadata migrations', () => {
  it('migrates a version-0 file (no schemaVersion): settings filled, unknown keys dropped', async () => {
    const account = sampleAccount('old');
    await mkdir(directory, { mode: 0o700 });
    await writeFile(
      join(directory, 'tokendock.json'),
      JSON.stringify({ accounts: [account], settings: { theme: 'dark', trayIconStyle: 'mono' } }),
    );
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load()).toEqual({
      accounts: [account],
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
    });
    const written = JSON.parse(await readFile(join(directory, 'tokendock.json'), 'utf8')) as {
      schemaVersion: number;
      settings: Record<string, unknown>;
    };
    expect(written.schemaVersion).toBe(1);
    expect(written.settings).not.toHaveProperty('trayIconStyle');
    expect(written.settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('migrates a version-0 file without settings to DEFAULT_SETTINGS', async () => {
    await mkdir(directory, { mode: 0o700 });
    await writeFile(join(directory, 'tokendock.json'), JSON.stringify({ accounts: [] }));
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load()).toEqual({ accounts: [], settings: DEFAULT_SETTINGS });
  });

  it('repairs invalid setting values of a current file to their defaults', async () => {
    await mkdir(directory, { mode: 0o700 });
    await writeFile(
      join(directory, 'tokendock.json'),
      JSON.stringify({
        schemaVersion: 1,
        accounts: [],
        settings: { ...DEFAULT_SETTINGS, theme: 'neon', leadTimeMinutes: -4, closeToTray: false },
      }),
    );
    expect(open().load().settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
  });
});
