/**
 * Damage stays with its entry: a damaged account file costs that account only, a malformed secret
 * entry that secret only, damaged settings the settings only. Nothing else is lost.
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import {
  FIXED_STAMP,
  accountPath,
  accountWithoutSecrets,
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  readAccountJson,
  refreshKey,
  sampleAccount,
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

function open(): Vault {
  const vault = openVault({ directory, cipher, clock: fixedClock });
  opened.push(vault);
  return vault;
}

async function reopen(vault: Vault): Promise<Vault> {
  await vault.close();
  return open();
}

/** a1 and a3 have a client secret and a refresh token; a2 has no secrets. Settings: dark. */
async function seed(): Promise<void> {
  const vault = open();
  for (const id of ['a1', 'a3']) {
    await vault.writeAccount({
      account: sampleAccount(id),
      secrets: [
        { key: clientSecretKey(id), value: `${id}-client-secret` },
        { key: refreshKey(id), value: `${id}-refresh-token` },
      ],
    });
  }
  await vault.writeAccount({ account: accountWithoutSecrets('a2') });
  await vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'dark' });
  await vault.close();
}

/** Everything but `lost` is there, with its secrets, and the settings are `theme`. */
function expectIntact(vault: Vault, lost: string[], theme = 'dark'): void {
  const ids = ['a1', 'a2', 'a3'].filter((id) => !lost.includes(id));
  expect(vault.load().accounts.map((account) => account.id)).toEqual(ids);
  for (const id of ['a1', 'a3'].filter((id) => !lost.includes(id))) {
    expect(vault.readSecret(refreshKey(id))).toBe(`${id}-refresh-token`);
    expect(vault.readSecret(clientSecretKey(id))).toBe(`${id}-client-secret`);
  }
  expect(vault.load().settings.theme).toBe(theme);
}

const withBom = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
type Parsed = Record<string, unknown> & { account: Record<string, unknown> };
const parse = (valid: Buffer): Parsed => JSON.parse(valid.toString()) as Parsed;

const accountFileVariants: Record<string, (valid: Buffer) => Buffer> = {
  'random bytes': () => randomBytes(512),
  'truncated JSON': (valid) => valid.subarray(0, Math.floor(valid.length / 2)),
  'an empty file': () => Buffer.alloc(0),
  'a JSON array': () => Buffer.from('[1,2,3]'),
  'not UTF-8': () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
  'an account of the wrong shape': (valid) =>
    json({ ...parse(valid), account: { ...parse(valid).account, targets: 'none' } }),
  'no account at all': (valid) => json({ ...parse(valid), account: undefined }),
  'a malformed refreshTokenBinding': (valid) =>
    json({ ...parse(valid), account: { ...parse(valid).account, refreshTokenBinding: { x: 1 } } }),
  'an account whose id is not the file name': (valid) =>
    json({ ...parse(valid), account: { ...parse(valid).account, id: 'a9' } }),
  'a future schemaVersion': (valid) => json({ ...parse(valid), schemaVersion: 2 }),
  'no schemaVersion': (valid) => json({ ...parse(valid), schemaVersion: undefined }),
  'a schemaVersion that is not a whole number': (valid) =>
    json({ ...parse(valid), schemaVersion: '1' }),
};

describe('a damaged account file costs that account only', () => {
  it.each(Object.keys(accountFileVariants))('%s', async (variant) => {
    await seed();
    const path = accountPath(directory, 'a1');
    const damaged = accountFileVariants[variant]!(await readFile(path));
    await writeFile(path, damaged);

    const vault = open();
    const movedTo = `${path}.corrupt-${FIXED_STAMP}`;
    expect(vault.problems).toEqual([
      { kind: 'quarantined', file: path, movedTo, reason: expect.any(String) as string },
    ]);
    expect(await readFile(movedTo)).toEqual(damaged);
    expect(vault.files()).toContain(movedTo);
    expectIntact(vault, ['a1']);

    // The account can be written again; the damaged copy stays for people to look at.
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'fresh-token' }],
    });
    const reopened = await reopen(vault);
    expect(reopened.problems).toEqual([]);
    expect(reopened.load().accounts).toHaveLength(3);
    expect(reopened.readSecret(refreshKey('a1'))).toBe('fresh-token');
    expect(await readFile(movedTo)).toEqual(damaged);
  });

  it('a file whose name is not a safe account id is set aside', async () => {
    await seed();
    const odd = join(directory, 'accounts', 'a b.json');
    await writeFile(odd, await readFile(accountPath(directory, 'a1')));
    const vault = open();
    expect(vault.problems).toEqual([
      {
        kind: 'quarantined',
        file: odd,
        movedTo: `${odd}.corrupt-${FIXED_STAMP}`,
        reason: expect.stringMatching(/not a safe account id/) as string,
      },
    ]);
    expectIntact(vault, []);
  });

  it('leaves files that are not its own alone', async () => {
    await seed();
    await writeFile(join(directory, 'accounts', 'notes.txt'), 'mine');
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(await readFile(join(directory, 'accounts', 'notes.txt'), 'utf8')).toBe('mine');
    expect(vault.files()).not.toContain(join(directory, 'accounts', 'notes.txt'));
  });

  it('names a second set-aside copy in the same second with a -2 suffix', async () => {
    await seed();
    const path = accountPath(directory, 'a1');
    await writeFile(path, 'garbage one');
    await (await reopen(open())).close();
    await writeFile(path, 'garbage two');
    const vault = open();
    expect(vault.problems[0]).toMatchObject({ movedTo: `${path}.corrupt-${FIXED_STAMP}-2` });
    expect(await readFile(`${path}.corrupt-${FIXED_STAMP}`, 'utf8')).toBe('garbage one');
    expect(await readFile(`${path}.corrupt-${FIXED_STAMP}-2`, 'utf8')).toBe('garbage two');
  });
});

const secretEntryVariants: Record<string, (secrets: Record<string, unknown>) => void> = {
  'an unknown slot': (secrets) => (secrets['nonsense'] = secrets['*/refresh-token']),
  'an unknown kind': (secrets) => (secrets['*/password'] = secrets['*/refresh-token']),
  'a slot with two slashes': (secrets) => (secrets['a/b/access-token'] = 'AAAA'),
  'another spelling of a target id': (secrets) => (secrets['%67raph/access-token'] = 'AAAA'),
  'a number as value': (secrets) => (secrets['graph/access-token'] = 42),
  'null as value': (secrets) => (secrets['graph/id-token'] = null),
  'an object as value': (secrets) => (secrets['graph/access-token'] = { sealed: 'AAAA' }),
  'an empty value': (secrets) => (secrets['graph/access-token'] = ''),
};

describe('a malformed secret entry costs that entry only', () => {
  async function damageA1(damage: (secrets: Record<string, unknown>) => void): Promise<string> {
    const file = (await readAccountJson(directory, 'a1')) as unknown as {
      secrets: Record<string, unknown>;
    };
    damage(file.secrets);
    const text = JSON.stringify(file);
    await writeFile(accountPath(directory, 'a1'), text);
    return text;
  }

  async function expectEntryDropped(original: string, vault: Vault): Promise<void> {
    const path = accountPath(directory, 'a1');
    const copy = `${path}.corrupt-${FIXED_STAMP}`;
    expect(vault.problems).toContainEqual({
      kind: 'quarantined',
      file: path,
      movedTo: copy,
      reason: expect.stringMatching(/dropped 1 malformed secret entry/) as string,
    });
    expect(await readFile(copy, 'utf8')).toBe(original);
    expectIntact(vault, []);
    // The file was rewritten with what was kept: the next open finds nothing wrong.
    expect(Object.keys((await readAccountJson(directory, 'a1')).secrets).sort()).toEqual([
      '*/client-secret',
      '*/refresh-token',
    ]);
    const reopened = await reopen(vault);
    expect(reopened.problems).toEqual([]);
    expectIntact(reopened, []);
  }

  it.each(Object.keys(secretEntryVariants))('%s', async (variant) => {
    await seed();
    const original = await damageA1(secretEntryVariants[variant]!);
    await expectEntryDropped(original, open());
  });

  it('a "__proto__" slot', async () => {
    await seed();
    const path = accountPath(directory, 'a1');
    // JSON.stringify cannot write an own "__proto__" key; JSON.parse does read one.
    const original = (await readFile(path, 'utf8')).replace(
      '"secrets": {',
      '"secrets": {\n    "__proto__": { "polluted": true },',
    );
    await writeFile(path, original);
    const vault = open();
    await expectEntryDropped(original, vault);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a value of a known slot that is not a string is reported for its account', async () => {
    await seed();
    await damageA1((secrets) => (secrets['*/refresh-token'] = 7));
    const vault = open();
    expect(vault.problems).toContainEqual({
      kind: 'undecryptable',
      accountId: 'a1',
      secretKinds: ['refresh-token'],
    });
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.readSecret(clientSecretKey('a1'))).toBe('a1-client-secret');
  });

  it('secrets that are not an object: the account stays, without secrets', async () => {
    await seed();
    const path = accountPath(directory, 'a1');
    const file = (await readAccountJson(directory, 'a1')) as unknown as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...file, secrets: ['x'] }));
    const vault = open();
    expect(vault.problems).toContainEqual(
      expect.objectContaining({ kind: 'quarantined', file: path }),
    );
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1', 'a2', 'a3']);
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.readSecret(refreshKey('a3'))).toBe('a3-refresh-token');
  });
});

const settingsVariants: Record<string, (valid: Buffer) => Buffer> = {
  'random bytes': () => randomBytes(300),
  'truncated JSON': (valid) => valid.subarray(0, 10),
  'settings that are not an object': () => json({ schemaVersion: 1, settings: 'dark' }),
  'settings that are null': () => json({ schemaVersion: 1, settings: null }),
  'a future schemaVersion': (valid) => json({ ...parse(valid), schemaVersion: 9 }),
};

describe('damaged settings cost the settings only', () => {
  it.each(Object.keys(settingsVariants))('%s', async (variant) => {
    await seed();
    const path = join(directory, 'settings.json');
    const damaged = settingsVariants[variant]!(await readFile(path));
    await writeFile(path, damaged);
    const vault = open();
    const movedTo = `${path}.corrupt-${FIXED_STAMP}`;
    expect(vault.problems).toEqual([
      { kind: 'quarantined', file: path, movedTo, reason: expect.any(String) as string },
    ]);
    expect(await readFile(movedTo)).toEqual(damaged);
    expectIntact(vault, [], 'system');
    expect(vault.load().settings).toEqual(DEFAULT_SETTINGS);
    await vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'light' });
    expect((await reopen(vault)).load().settings.theme).toBe('light');
  });

  it('repairs invalid values one by one, keeping the valid ones', async () => {
    await seed();
    await writeFile(
      join(directory, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        settings: {
          ...DEFAULT_SETTINGS,
          theme: 'neon',
          leadTimeMinutes: -4,
          closeToTray: false,
          retired: 1,
        },
      }),
    );
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.load().settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
    expectIntact(vault, [], 'system');
  });
});

describe('a UTF-8 byte-order mark', () => {
  it('is read past in account files and settings.json', async () => {
    await seed();
    for (const path of [
      accountPath(directory, 'a1'),
      accountPath(directory, 'a2'),
      join(directory, 'settings.json'),
    ]) {
      await writeFile(path, withBom(await readFile(path)));
    }
    const vault = open();
    expect(vault.problems).toEqual([]);
    expectIntact(vault, []);
    expect((await readdir(join(directory, 'accounts'))).sort()).toEqual([
      'a1.json',
      'a2.json',
      'a3.json',
    ]);
  });
});
