/**
 * Schema versions, and the import of the old two-file layout (`tokendock.json` with every account
 * and the settings, `secrets.json` with every secret) into one file per account.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountRecord, DEFAULT_SETTINGS } from '../../app/accounts/types';
import type { Cipher } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { importLegacyLayout, type LegacyStep } from '../../app/vault/legacy-migration';
import { WrongShapeError, migrate, type MigrationTable } from '../../app/vault/metadata-migrations';
import {
  CountingCipher,
  FIXED_STAMP,
  accountWithoutSecrets,
  fixedClock,
  makeTempRoot,
  readAccountJson,
  recordingLogger,
  refreshKey,
  sampleAccount,
  snapshotTree,
  valuesFoundIn,
  writeLegacyLayout,
} from '../support/vault-fixtures';

let remove: () => Promise<void>;
let directory: string;
const cipher = new AesGcmCipher();
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

function open(withCipher: Cipher = cipher): Vault {
  const vault = openVault({ directory, cipher: withCipher, clock: fixedClock });
  opened.push(vault);
  return vault;
}

const path = (name: string): string => join(directory, name);

describe('migrate', () => {
  const table: MigrationTable = {
    current: 2,
    steps: {
      0: (data) => ({ ...data, schemaVersion: 1, one: true }),
      1: (data) => ({ ...data, schemaVersion: 2, two: true }),
    },
  };

  it('runs every step from the file version to the current one, in order', () => {
    expect(migrate({ schemaVersion: 0 }, 0, table)).toEqual({
      schemaVersion: 2,
      one: true,
      two: true,
    });
    expect(migrate({ schemaVersion: 1 }, 1, table)).toEqual({ schemaVersion: 2, two: true });
    expect(migrate({ schemaVersion: 2 }, 2, table)).toEqual({ schemaVersion: 2 });
  });

  it('throws a WrongShapeError when a step is missing', () => {
    expect(() => migrate({}, 0, { current: 2, steps: { 1: (data) => data } })).toThrow(
      WrongShapeError,
    );
  });
});

/** Two accounts of the old layout: a1 with a refresh token and a client secret, a2 without. */
const legacyAccounts = (): AccountRecord[] => [sampleAccount('a1'), accountWithoutSecrets('a2')];
const legacySecrets = {
  'a1/-/refresh-token': 'legacy-refresh-token',
  'a1/-/client-secret': 'legacy-client-secret',
  'a1/graph/access-token': 'legacy-access-token',
};

describe('importing the old two-file layout', () => {
  it('writes one file per account with its sealed secrets, then retires the old files', async () => {
    await writeLegacyLayout(
      directory,
      cipher,
      {
        schemaVersion: 1,
        accounts: legacyAccounts(),
        settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
      },
      legacySecrets,
    );
    const metadataBefore = await readFile(path('tokendock.json'));
    const counting = new CountingCipher(cipher);
    const vault = open(counting);
    expect(vault.problems).toEqual([]);
    // Secrets are carried over sealed: nothing was decrypted or sealed again.
    expect(counting.decrypts).toBe(0);
    expect(counting.encrypts).toBe(0);
    expect(vault.load()).toEqual({
      accounts: legacyAccounts(),
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
    });
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
    expect(vault.readSecret({ accountId: 'a1', kind: 'client-secret' })).toBe(
      'legacy-client-secret',
    );
    expect(vault.readSecret({ accountId: 'a1', targetId: 'graph', kind: 'access-token' })).toBe(
      'legacy-access-token',
    );
    expect((await readdir(directory)).sort()).toEqual([
      'accounts',
      'settings.json',
      'tokendock.json.migrated',
      'tokendock.lock',
    ]);
    expect(await readFile(path('tokendock.json.migrated'))).toEqual(metadataBefore);
    expect(Object.keys((await readAccountJson(directory, 'a1')).secrets).sort()).toEqual([
      '*/client-secret',
      '*/refresh-token',
      'graph/access-token',
    ]);
    expect(vault.files()).toContain(path('tokendock.json.migrated'));
    expect(await valuesFoundIn(vault.files(), Object.values(legacySecrets))).toEqual([]);

    // Done once: the next open reads the new layout.
    await vault.close();
    const again = open();
    expect(again.problems).toEqual([]);
    expect(again.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
  });

  it('migrates a version-0 file (no schemaVersion): settings filled, unknown keys dropped', async () => {
    const account = sampleAccount('old');
    await writeLegacyLayout(directory, cipher, {
      accounts: [account],
      settings: { theme: 'dark', trayIconStyle: 'mono' },
    });
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load()).toEqual({
      accounts: [account],
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
    });
    const written = JSON.parse(await readFile(path('settings.json'), 'utf8')) as {
      schemaVersion: number;
      settings: Record<string, unknown>;
    };
    expect(written).toEqual({ schemaVersion: 1, settings: { ...DEFAULT_SETTINGS, theme: 'dark' } });
  });

  it('migrates a version-0 file without settings to DEFAULT_SETTINGS', async () => {
    await writeLegacyLayout(directory, cipher, { accounts: [] });
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load()).toEqual({ accounts: [], settings: DEFAULT_SETTINGS });
  });

  it('keeps every account when the settings are not an object (defaults for the settings)', async () => {
    await writeLegacyLayout(
      directory,
      cipher,
      { schemaVersion: 1, accounts: legacyAccounts(), settings: 'dark' },
      legacySecrets,
    );
    const vault = open();
    expect(vault.load()).toEqual({ accounts: legacyAccounts(), settings: DEFAULT_SETTINGS });
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path('tokendock.json'),
        movedTo: path('tokendock.json.migrated'),
        reason: expect.stringMatching(/settings is not an object/) as string,
      },
    ]);
  });

  it('tolerates a byte-order mark in both old files', async () => {
    await writeLegacyLayout(
      directory,
      cipher,
      { schemaVersion: 1, accounts: legacyAccounts(), settings: DEFAULT_SETTINGS },
      legacySecrets,
    );
    for (const name of ['tokendock.json', 'secrets.json']) {
      const bytes = await readFile(path(name));
      await writeFile(path(name), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    }
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load().accounts).toHaveLength(2);
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
  });

  it('drops malformed accounts and unsafe ids alone; their originals are kept', async () => {
    const secrets = { ...legacySecrets, 'tenant%2Fapp/-/refresh-token': 'orphaned-token' };
    await writeLegacyLayout(
      directory,
      cipher,
      {
        schemaVersion: 1,
        accounts: [
          sampleAccount('a1'),
          { id: 5, name: 'numeric id' },
          sampleAccount('tenant/app'),
          sampleAccount('a1', { name: 'same id again' }),
          sampleAccount('a3'),
        ],
        settings: DEFAULT_SETTINGS,
      },
      secrets,
    );
    const secretsBefore = await readFile(path('secrets.json'));
    const vault = open();
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1', 'a3']);
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path('tokendock.json'),
        movedTo: path('tokendock.json.migrated'),
        reason: expect.stringMatching(/#1.*#3.*"tenant\/app".*not a safe file name/) as string,
      },
      {
        kind: 'quarantined',
        file: path('secrets.json'),
        movedTo: path(`secrets.json.corrupt-${FIXED_STAMP}`),
        reason: expect.stringMatching(/1 entry of no imported account/) as string,
      },
    ]);
    // The secret of the account that could not be imported is kept (sealed), not lost.
    expect(await readFile(path(`secrets.json.corrupt-${FIXED_STAMP}`))).toEqual(secretsBefore);
    expect(await readdir(join(directory, 'accounts'))).toEqual(['a1.json', 'a3.json']);
  });

  it('drops a malformed secret entry alone (bad name, non-string value, __proto__)', async () => {
    await writeLegacyLayout(
      directory,
      cipher,
      { schemaVersion: 1, accounts: legacyAccounts(), settings: DEFAULT_SETTINGS },
      legacySecrets,
    );
    const file = JSON.parse(await readFile(path('secrets.json'), 'utf8')) as {
      entries: Record<string, unknown>;
    };
    file.entries['not-a-name'] = 'AAAA';
    file.entries['a1/-/id-token'] = 12;
    const text = JSON.stringify(file).replace('"entries":{', '"entries":{"__proto__":"x",');
    await writeFile(path('secrets.json'), text);
    const vault = open();
    expect(vault.load().accounts).toHaveLength(2);
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
    expect(vault.readSecret({ accountId: 'a1', kind: 'client-secret' })).toBe(
      'legacy-client-secret',
    );
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path('secrets.json'),
        movedTo: path(`secrets.json.corrupt-${FIXED_STAMP}`),
        reason: expect.stringMatching(/__proto__.*not-a-name.*a1\/-\/id-token/) as string,
      },
    ]);
    expect(await readFile(path(`secrets.json.corrupt-${FIXED_STAMP}`), 'utf8')).toBe(text);
  });

  it('an unusable old secrets file is set aside; the accounts come over and must sign in again', async () => {
    await writeLegacyLayout(directory, cipher, {
      schemaVersion: 1,
      accounts: legacyAccounts(),
      settings: DEFAULT_SETTINGS,
    });
    await writeFile(path('secrets.json'), '{"schemaVersion":1,"entr');
    const vault = open();
    expect(vault.load().accounts).toHaveLength(2);
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path('secrets.json'),
        movedTo: path(`secrets.json.corrupt-${FIXED_STAMP}`),
        reason: expect.stringMatching(/not valid JSON/) as string,
      },
      {
        kind: 'undecryptable',
        accountId: 'a1',
        secretKinds: ['client-secret', 'access-token', 'refresh-token'],
      },
    ]);
  });

  it('an unusable old metadata file is set aside, and the secrets with it', async () => {
    await writeLegacyLayout(directory, cipher, [], legacySecrets);
    const vault = open();
    expect(vault.load()).toEqual({ accounts: [], settings: DEFAULT_SETTINGS });
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: path('tokendock.json'),
        movedTo: path(`tokendock.json.corrupt-${FIXED_STAMP}`),
        reason: expect.any(String) as string,
      },
      {
        kind: 'quarantined',
        file: path('secrets.json'),
        movedTo: path(`secrets.json.corrupt-${FIXED_STAMP}`),
        reason: expect.stringMatching(/3 entries of no imported account/) as string,
      },
    ]);
  });

  it('a future schemaVersion of the old file is set aside, not guessed at', async () => {
    await writeLegacyLayout(directory, cipher, {
      schemaVersion: 7,
      accounts: legacyAccounts(),
      settings: DEFAULT_SETTINGS,
    });
    const vault = open();
    expect(vault.problems).toEqual([
      expect.objectContaining({
        kind: 'quarantined',
        movedTo: path(`tokendock.json.corrupt-${FIXED_STAMP}`),
        reason: expect.stringMatching(/newer/) as string,
      }),
    ]);
  });

  it('refuses an old file that is a symbolic link', async () => {
    await mkdir(directory, { mode: 0o700 });
    const { symlink } = await import('node:fs/promises');
    await writeFile(path('elsewhere.json'), '{}');
    await symlink(path('elsewhere.json'), path('tokendock.json'));
    expect(() => open()).toThrow(/symbolic link/);
  });
});

describe('an import stopped by a crash', () => {
  async function seedLegacy(): Promise<void> {
    await writeLegacyLayout(
      directory,
      cipher,
      {
        schemaVersion: 1,
        accounts: [...legacyAccounts(), sampleAccount('a3')],
        settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
      },
      { ...legacySecrets, 'a3/-/refresh-token': 'a3-token' },
    );
  }

  async function expectComplete(vault: Vault): Promise<void> {
    expect(vault.problems).toEqual([]);
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1', 'a2', 'a3']);
    expect(vault.load().settings.theme).toBe('dark');
    expect(vault.readSecret(refreshKey('a1'))).toBe('legacy-refresh-token');
    expect(vault.readSecret(refreshKey('a3'))).toBe('a3-token');
    expect((await readdir(directory)).sort()).toEqual([
      'accounts',
      'settings.json',
      'tokendock.json.migrated',
      'tokendock.lock',
    ]);
    expect((await readdir(join(directory, 'accounts'))).sort()).toEqual([
      'a1.json',
      'a2.json',
      'a3.json',
    ]);
  }

  const steps: LegacyStep[] = [
    'account-written',
    'accounts-written',
    'settings-written',
    'accounts-committed',
    'legacy-retired',
  ];

  it.each(steps)('right after "%s": the next open finishes with nothing lost', async (step) => {
    await seedLegacy();
    await mkdir(directory, { recursive: true });
    const crash = new Error(`crash after ${step}`);
    expect(() =>
      importLegacyLayout({
        directory,
        clock: fixedClock,
        logger: recordingLogger(),
        afterStep: (done) => {
          if (done === step) throw crash;
        },
      }),
    ).toThrow(crash);
    const committed = steps.indexOf(step) >= steps.indexOf('accounts-committed');
    const names = await readdir(directory);
    // Before the commit the old files are whole and `accounts/` does not exist.
    expect(names.includes('accounts')).toBe(committed);
    expect(names.includes('tokendock.json')).toBe(step !== 'legacy-retired');
    expect(names.includes('secrets.json')).toBe(step !== 'legacy-retired');

    await expectComplete(open());
  });

  it('a torn file in the import folder: the import starts over from the old files', async () => {
    await seedLegacy();
    await mkdir(path('accounts.migrating'), { mode: 0o700 });
    await writeFile(path('accounts.migrating/a1.json'), '{"schemaVersion":1,"acc');
    await expectComplete(open());
    expect(await readdir(directory)).not.toContain('accounts.migrating');
  });

  it('a second import attempt that crashes again still loses nothing', async () => {
    await seedLegacy();
    const before = await snapshotTree(directory);
    for (const step of ['accounts-written', 'settings-written'] as const) {
      expect(() =>
        importLegacyLayout({
          directory,
          clock: fixedClock,
          logger: recordingLogger(),
          afterStep: (done) => {
            if (done === step) throw new Error('crash');
          },
        }),
      ).toThrow('crash');
      const now = await snapshotTree(directory);
      expect(now.get('tokendock.json')).toEqual(before.get('tokendock.json'));
      expect(now.get('secrets.json')).toEqual(before.get('secrets.json'));
    }
    await expectComplete(open());
  });
});
