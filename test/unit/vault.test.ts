import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../app/accounts/types';
import type { Cipher } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { WriteQueue } from '../../app/vault/write-queue';
import {
  CountingCipher,
  accountPath,
  accountWithoutSecrets,
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  readAccountJson,
  recordingLogger,
  refreshKey,
  sampleAccount,
  snapshotTree,
  valuesFoundIn,
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

const graphAccess = { accountId: 'a1', targetId: 'graph', kind: 'access-token' } as const;

describe('openVault: a round trip', () => {
  it('keeps accounts, settings and secrets across a reopen, with no plaintext on disk', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, theme: 'dark', clipboardClearSeconds: 10 };
    const accounts = [sampleAccount('a1'), accountWithoutSecrets('a2')];
    const secrets = {
      refresh: 'rt-0.AAAA-very-secret-refresh-token',
      access: 'eyJhbGciOiJSUzI1NiJ9.access.token',
      client: 'client~secret~value',
    };
    const first = open();
    expect(first.problems).toEqual([]);
    await first.writeAccount({
      account: accounts[0]!,
      secrets: [
        { key: refreshKey('a1'), value: secrets.refresh },
        { key: graphAccess, value: secrets.access },
        { key: clientSecretKey('a1'), value: secrets.client },
      ],
    });
    await first.writeAccount({ account: accounts[1]! });
    await first.saveSettings(settings);
    await first.close();

    const second = open();
    expect(second.problems).toEqual([]);
    expect(second.load()).toEqual({ accounts, settings });
    expect(second.readSecret(refreshKey('a1'))).toBe(secrets.refresh);
    expect(second.readSecret(graphAccess)).toBe(secrets.access);
    expect(second.readSecret(clientSecretKey('a1'))).toBe(secrets.client);
    expect(second.readSecret(clientSecretKey('a2'))).toBeUndefined();
    expect(second.hasSecret(refreshKey('a1'))).toBe(true);
    expect(second.hasSecret(refreshKey('a2'))).toBe(false);
    expect(second.protection).toEqual({
      isProtected: true,
      backend: 'aes-256-gcm',
      secretsOnDisk: true,
    });

    expect(second.files()).toEqual([
      accountPath(directory, 'a1'),
      accountPath(directory, 'a2'),
      join(directory, 'settings.json'),
      join(directory, 'tokendock.lock'),
    ]);
    expect(await valuesFoundIn(second.files(), Object.values(secrets))).toEqual([]);
    const a1 = await readAccountJson(directory, 'a1');
    expect(a1).toMatchObject({ schemaVersion: 1, account: accounts[0] });
    expect(Object.keys(a1.secrets).sort()).toEqual([
      '*/client-secret',
      '*/refresh-token',
      'graph/access-token',
    ]);
    expect(await readAccountJson(directory, 'a2')).toEqual({
      schemaVersion: 1,
      account: accounts[1],
      secrets: {},
    });
    const settingsFile = JSON.parse(
      await readFile(join(directory, 'settings.json'), 'utf8'),
    ) as unknown;
    expect(settingsFile).toEqual({ schemaVersion: 1, settings });
  });

  it('returns copies: changing what load() returned changes nothing stored', async () => {
    const vault = open();
    await vault.writeAccount({ account: sampleAccount('a1') });
    const data = vault.load();
    data.accounts[0]!.name = 'changed';
    data.settings.theme = 'light';
    expect(vault.load().accounts[0]!.name).toBe('Account a1');
    expect(vault.load().settings.theme).toBe('system');
  });

  it('takes a copy of the account at call time', async () => {
    const vault = open();
    const account = sampleAccount('a1');
    const written = vault.writeAccount({ account });
    account.name = 'changed after the call';
    await written;
    expect(vault.load().accounts[0]!.name).toBe('Account a1');
    expect((await readAccountJson(directory, 'a1')).account.name).toBe('Account a1');
  });

  it('lists accounts oldest first, then by id', async () => {
    const vault = open();
    await vault.writeAccount({ account: sampleAccount('b', { createdOn: 2 }) });
    await vault.writeAccount({ account: sampleAccount('c', { createdOn: 1 }) });
    await vault.writeAccount({ account: sampleAccount('a', { createdOn: 2 }) });
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['c', 'a', 'b']);
  });

  it('applies secret changes (sets and deletes) and keeps the secrets a write does not name', async () => {
    const vault = open();
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: refreshKey('a1'), value: 'one' },
        { key: clientSecretKey('a1'), value: 'two' },
        { key: graphAccess, value: 'access' },
      ],
    });
    await vault.writeAccount({
      account: sampleAccount('a1', { name: 'renamed' }),
      secrets: [
        { key: refreshKey('a1'), value: 'three' },
        { key: clientSecretKey('a1'), value: undefined },
      ],
    });
    expect(vault.readSecret(refreshKey('a1'))).toBe('three');
    expect(vault.readSecret(clientSecretKey('a1'))).toBeUndefined();
    await vault.close();
    const reopened = open();
    expect(reopened.load().accounts[0]!.name).toBe('renamed');
    expect(reopened.readSecret(refreshKey('a1'))).toBe('three');
    expect(reopened.readSecret(clientSecretKey('a1'))).toBeUndefined();
    expect(reopened.readSecret(graphAccess)).toBe('access');
  });

  it('keeps target ids with "/" or "*" apart from account-wide secrets', async () => {
    const vault = open();
    const slash = { accountId: 'a1', targetId: 'api/v2', kind: 'access-token' } as const;
    const star = { accountId: 'a1', targetId: '*', kind: 'access-token' } as const;
    const wide = { accountId: 'a1', kind: 'access-token' } as const;
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: slash, value: 'slash' },
        { key: star, value: 'star' },
        { key: wide, value: 'wide' },
      ],
    });
    expect(Object.keys((await readAccountJson(directory, 'a1')).secrets).sort()).toEqual([
      '%2A/access-token',
      '*/access-token',
      'api%2Fv2/access-token',
    ]);
    await vault.close();
    const reopened = open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.readSecret(slash)).toBe('slash');
    expect(reopened.readSecret(star)).toBe('star');
    expect(reopened.readSecret(wide)).toBe('wide');
  });

  it('refuses malformed writes with a TypeError, and saves nothing', async () => {
    const vault = open();
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'kept' }],
    });
    const before = await snapshotTree(directory);
    const broken = { ...sampleAccount('a2'), targets: 'none' } as never;
    await expect(vault.writeAccount({ account: broken })).rejects.toThrow(TypeError);
    for (const id of ['tenant/app', '..', '.', 'a b', 'x'.repeat(129), 'é', 'a\0b', '']) {
      await expect(vault.writeAccount({ account: sampleAccount(id) })).rejects.toThrow(TypeError);
    }
    await expect(vault.writeAccount({ account: sampleAccount('A1') })).rejects.toThrow(/case/);
    await expect(
      vault.writeAccount({
        account: sampleAccount('a1'),
        secrets: [
          { key: refreshKey('a1'), value: 'changed?' },
          { key: refreshKey('other'), value: 'x' },
        ],
      }),
    ).rejects.toThrow(/another account/);
    await expect(
      vault.writeAccount({
        account: sampleAccount('a1'),
        secrets: [{ key: refreshKey('a1'), value: 42 as never }],
      }),
    ).rejects.toThrow(/not a string/);
    await expect(
      vault.writeAccount({
        account: sampleAccount('a1'),
        secrets: [{ key: { accountId: 'a1', kind: 'password' as never }, value: 'x' }],
      }),
    ).rejects.toThrow(/kind/);
    await expect(
      vault.saveSettings({ ...DEFAULT_SETTINGS, refreshConcurrency: 0 }),
    ).rejects.toThrow(/refreshConcurrency/);
    await expect(vault.removeAccount('../a1')).rejects.toThrow(TypeError);

    expect(await snapshotTree(directory)).toEqual(before);
    expect(vault.readSecret(refreshKey('a1'))).toBe('kept');
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1']);
    expect(vault.load().settings).toEqual(DEFAULT_SETTINGS);
  });

  it('removeAccount leaves nothing of that account in memory or on disk', async () => {
    const vault = open();
    const goneValues = ['gone-refresh-token-value', 'gone-client-secret-value'];
    await vault.writeAccount({
      account: sampleAccount('gone'),
      secrets: [
        { key: refreshKey('gone'), value: goneValues[0] },
        { key: clientSecretKey('gone'), value: goneValues[1] },
      ],
    });
    await vault.writeAccount({
      account: sampleAccount('kept'),
      secrets: [{ key: refreshKey('kept'), value: 'kept-refresh-token-value' }],
    });
    await vault.removeAccount('gone');
    expect(vault.readSecret(refreshKey('gone'))).toBeUndefined();
    expect(vault.hasSecret(refreshKey('gone'))).toBe(false);
    expect(vault.readSecret(refreshKey('kept'))).toBe('kept-refresh-token-value');
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['kept']);
    expect(await readdir(join(directory, 'accounts'))).toEqual(['kept.json']);
    await vault.removeAccount('never-there');
    await vault.close();

    const reopened = open();
    expect(reopened.readSecret(clientSecretKey('gone'))).toBeUndefined();
    expect(reopened.readSecret(refreshKey('kept'))).toBe('kept-refresh-token-value');
    expect(await valuesFoundIn(reopened.files(), goneValues)).toEqual([]);
  });

  it('never hands a secret value to the logger', async () => {
    const logger = recordingLogger();
    const vault = openVault({ directory, cipher, clock: fixedClock, logger });
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'logged-nowhere-secret' }],
    });
    await vault.close();
    const other = openVault({ directory, cipher: new AesGcmCipher(), clock: fixedClock, logger });
    expect(other.readSecret(refreshKey('a1'))).toBeUndefined();
    await other.removeAccount('a1');
    await other.close();
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain('logged-nowhere-secret');
  });

  it('removes temporary files left behind by an interrupted write', async () => {
    const vault = open();
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'v' }],
    });
    await vault.saveSettings(DEFAULT_SETTINGS);
    await vault.close();
    await writeFile(join(directory, 'accounts', 'a1.json.tmp-0123456789abcdef'), '{"acc');
    await writeFile(join(directory, 'settings.json.tmp-fedcba9876543210'), 'half');
    await writeFile(join(directory, 'tokendock.json.tmp-1764025262123abcdef'), '{"acc');
    const reopened = open();
    expect(await readdir(join(directory, 'accounts'))).toEqual(['a1.json']);
    expect((await readdir(directory)).sort()).toEqual([
      'accounts',
      'settings.json',
      'tokendock.lock',
    ]);
    expect(reopened.readSecret(refreshKey('a1'))).toBe('v');
  });
});

describe('writes', () => {
  it('applies writes of one account in call order, without waiting between calls', async () => {
    const vault = open();
    const writes = Array.from({ length: 40 }, (_, n) =>
      vault.writeAccount({
        account: sampleAccount('a1', { updatedOn: n }),
        secrets: [{ key: refreshKey('a1'), value: `rt-${n}` }],
      }),
    );
    const removed = vault.removeAccount('a1');
    const readded = vault.writeAccount({
      account: sampleAccount('a1', { updatedOn: 99 }),
      secrets: [{ key: clientSecretKey('a1'), value: 'cs' }],
    });
    // Nothing takes effect before it is durable.
    expect(vault.load().accounts).toEqual([]);
    await Promise.all([...writes, removed, readded]);
    expect(vault.load().accounts[0]!.updatedOn).toBe(99);
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.readSecret(clientSecretKey('a1'))).toBe('cs');
    const file = await readAccountJson(directory, 'a1');
    expect(file.account.updatedOn).toBe(99);
    expect(Object.keys(file.secrets)).toEqual(['*/client-secret']);
  });

  it('writes accounts side by side, each to its own file', async () => {
    const vault = open();
    await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        vault.writeAccount({
          account: sampleAccount(`acc-${n}`),
          secrets: [{ key: refreshKey(`acc-${n}`), value: `rt-${n}` }],
        }),
      ),
    );
    expect(await readdir(join(directory, 'accounts'))).toHaveLength(30);
    await vault.close();
    const reopened = open();
    expect(reopened.load().accounts).toHaveLength(30);
    expect(reopened.readSecret(refreshKey('acc-17'))).toBe('rt-17');
  });

  it('close() waits for the writes under way, removes the lock, and refuses later writes', async () => {
    const vault = open();
    const pending = vault.writeAccount({ account: sampleAccount('a1') });
    const closed = vault.close();
    await expect(vault.writeAccount({ account: sampleAccount('a2') })).rejects.toThrow(/closed/);
    await closed;
    await pending;
    expect(await readdir(join(directory, 'accounts'))).toEqual(['a1.json']);
    expect(await readdir(directory)).not.toContain('tokendock.lock');
  });

  it('creates files 0600 even when written after open', async () => {
    const vault = open();
    await vault.writeAccount({ account: sampleAccount('a1') });
    expect((await stat(accountPath(directory, 'a1'))).mode & 0o777).toBe(0o600);
  });
});

describe('secrets are opened lazily', () => {
  it('decrypts nothing at open, each secret once on first read, none on later reads', async () => {
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: refreshKey('a1'), value: 'rt' },
        { key: clientSecretKey('a1'), value: 'cs' },
      ],
    });
    await writer.close();
    const counting = new CountingCipher(cipher);
    const vault = open(counting);
    expect(counting.decrypts).toBe(0);
    expect(vault.hasSecret(refreshKey('a1'))).toBe(true);
    expect(counting.decrypts).toBe(0);
    expect(vault.readSecret(refreshKey('a1'))).toBe('rt');
    expect(vault.readSecret(refreshKey('a1'))).toBe('rt');
    expect(counting.decrypts).toBe(1);
    // A write that does not change a secret does not seal it again.
    await vault.writeAccount({ account: sampleAccount('a1', { name: 'x' }) });
    expect(counting.encrypts).toBe(0);
    expect(counting.decrypts).toBe(1);
  });

  it('keeps a secret that does not open sealed, reports it on read, and carries it forward', async () => {
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: refreshKey('a1'), value: 'rt' },
        { key: clientSecretKey('a1'), value: 'cs' },
        { key: graphAccess, value: 'at' },
      ],
    });
    await writer.close();
    const sealedBefore = (await readAccountJson(directory, 'a1')).secrets;

    // Another key: as after moving the folder to another machine, or a keyring that is locked.
    const vault = open(new AesGcmCipher());
    expect(vault.problems).toEqual([]);
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a1', secretKinds: ['refresh-token'] },
    ]);
    expect(vault.readSecret(clientSecretKey('a1'))).toBeUndefined();
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.problems).toEqual([
      {
        kind: 'undecryptable',
        accountId: 'a1',
        secretKinds: ['refresh-token', 'client-secret'],
      },
    ]);
    expect(vault.hasSecret(refreshKey('a1'))).toBe(true);

    // A later write of the account carries the sealed values forward unchanged...
    await vault.writeAccount({
      account: sampleAccount('a1', { name: 'renamed' }),
      secrets: [{ key: graphAccess, value: 'new-access' }],
    });
    let after = (await readAccountJson(directory, 'a1')).secrets;
    expect(after['*/refresh-token']).toBe(sealedBefore['*/refresh-token']);
    expect(after['*/client-secret']).toBe(sealedBefore['*/client-secret']);
    expect(after['graph/access-token']).not.toBe(sealedBefore['graph/access-token']);
    await vault.close();
    // ...so once the right key is back, they open.
    const original = open();
    expect(original.readSecret(refreshKey('a1'))).toBe('rt');
    expect(original.readSecret(clientSecretKey('a1'))).toBe('cs');
    await original.close();

    // A write that replaces or deletes such a secret does replace or delete it.
    const again = open(new AesGcmCipher());
    expect(again.readSecret(refreshKey('a1'))).toBeUndefined();
    await again.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: refreshKey('a1'), value: 'fresh-rt' },
        { key: clientSecretKey('a1'), value: undefined },
      ],
    });
    after = (await readAccountJson(directory, 'a1')).secrets;
    expect(Object.keys(after).sort()).toEqual(['*/refresh-token', 'graph/access-token']);
    expect(after['*/refresh-token']).not.toBe(sealedBefore['*/refresh-token']);
    expect(again.readSecret(refreshKey('a1'))).toBe('fresh-rt');
    expect(again.hasSecret(clientSecretKey('a1'))).toBe(false);
  });

  it('a value that is not base64 is a secret that does not open, found on read', async () => {
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'rt' }],
    });
    await writer.close();
    const path = accountPath(directory, 'a1');
    const file = await readAccountJson(directory, 'a1');
    file.secrets['*/refresh-token'] = '!!not base64!!';
    await writeFile(path, JSON.stringify(file));
    const vault = open();
    expect(vault.problems).toEqual([]);
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a1', secretKinds: ['refresh-token'] },
    ]);
  });
});

describe('WriteQueue', () => {
  function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  }

  it('runs one key in order, keys side by side, and an exclusive task alone', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const gateA = deferred();
    const task = (name: string, gate?: Promise<void>) => async () => {
      log.push(`start ${name}`);
      await gate;
      log.push(`end ${name}`);
    };
    const runs = [
      queue.run('a', task('a1', gateA.promise)),
      queue.run('a', task('a2')),
      queue.run('b', task('b1')),
      queue.exclusive(task('settings')),
      queue.run('b', task('b2')),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
    gateA.resolve();
    await Promise.all(runs);
    expect(log).toEqual([
      'start a1',
      'start b1',
      'end b1',
      'end a1',
      'start a2',
      'end a2',
      'start settings',
      'end settings',
      'start b2',
      'end b2',
    ]);
  });

  it('a failed task rejects its own promise only', async () => {
    const queue = new WriteQueue();
    const failed = queue.run('a', () => Promise.reject(new Error('boom')));
    const next = queue.run('a', () => Promise.resolve('fine'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('fine');
    await queue.idle();
  });
});
