import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import {
  accountWithoutSecrets,
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  recordingLogger,
  refreshKey,
  sampleAccount,
  valuesFoundIn,
} from '../support/vault-fixtures';

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
    first.saveAccounts(accounts);
    first.saveSettings(settings);
    first.writeSecrets([
      { key: refreshKey('a1'), value: secrets.refresh },
      { key: { accountId: 'a1', targetId: 'graph', kind: 'access-token' }, value: secrets.access },
      { key: clientSecretKey('a1'), value: secrets.client },
    ]);

    const second = open();
    expect(second.problems).toEqual([]);
    expect(second.load()).toEqual({ accounts, settings });
    expect(second.readSecret(refreshKey('a1'))).toBe(secrets.refresh);
    expect(second.readSecret({ accountId: 'a1', targetId: 'graph', kind: 'access-token' })).toBe(
      secrets.access,
    );
    expect(second.readSecret(clientSecretKey('a1'))).toBe(secrets.client);
    expect(second.readSecret(clientSecretKey('a2'))).toBeUndefined();
    expect(second.protection).toEqual({
      isProtected: true,
      backend: 'aes-256-gcm',
      secretsOnDisk: true,
    });

    expect(second.files()).toEqual([
      join(directory, 'secrets.json'),
      join(directory, 'tokendock.json'),
    ]);
    expect(await valuesFoundIn(second.files(), Object.values(secrets))).toEqual([]);
    const onDisk = JSON.parse(await readFile(join(directory, 'secrets.json'), 'utf8')) as unknown;
    expect(onDisk).toMatchObject({ schemaVersion: 1 });
    expect(Object.keys((onDisk as { entries: object }).entries).sort()).toEqual([
      'a1/-/client-secret',
      'a1/-/refresh-token',
      'a1/graph/access-token',
    ]);
    const metadata = JSON.parse(
      await readFile(join(directory, 'tokendock.json'), 'utf8'),
    ) as unknown;
    expect(metadata).toEqual({ schemaVersion: 1, accounts, settings });
  });

  it('returns copies: changing what load() returned changes nothing stored', () => {
    const vault = open();
    vault.saveAccounts([sampleAccount('a1')]);
    const data = vault.load();
    data.accounts[0]!.name = 'changed';
    data.settings.theme = 'light';
    expect(vault.load().accounts[0]!.name).toBe('Account a1');
    expect(vault.load().settings.theme).toBe('system');
  });

  it('applies a batch of secret changes at once (sets and deletes)', () => {
    const vault = open();
    vault.writeSecrets([
      { key: refreshKey('a1'), value: 'one' },
      { key: clientSecretKey('a1'), value: 'two' },
    ]);
    vault.writeSecrets([
      { key: refreshKey('a1'), value: 'three' },
      { key: clientSecretKey('a1'), value: undefined },
    ]);
    const reopened = open();
    expect(reopened.readSecret(refreshKey('a1'))).toBe('three');
    expect(reopened.readSecret(clientSecretKey('a1'))).toBeUndefined();
  });

  it('keeps ids with "/" and a target called "-" apart', () => {
    const vault = open();
    const odd = { accountId: 'tenant/app', targetId: '-', kind: 'access-token' } as const;
    const plain = { accountId: 'tenant/app', kind: 'access-token' } as const;
    vault.writeSecrets([
      { key: odd, value: 'odd' },
      { key: plain, value: 'plain' },
    ]);
    const reopened = open();
    expect(reopened.readSecret(odd)).toBe('odd');
    expect(reopened.readSecret(plain)).toBe('plain');
  });

  it('refuses malformed accounts, settings and secret keys, and saves nothing', () => {
    const vault = open();
    vault.saveAccounts([sampleAccount('a1')]);
    const broken = { ...sampleAccount('a2'), targets: 'none' } as never;
    expect(() => vault.saveAccounts([sampleAccount('a1'), broken])).toThrow(/Account #1/);
    expect(() => vault.saveAccounts([sampleAccount('a1'), sampleAccount('a1')])).toThrow(/repeats/);
    expect(() => vault.saveSettings({ ...DEFAULT_SETTINGS, refreshConcurrency: 0 })).toThrow(
      /refreshConcurrency/,
    );
    expect(() =>
      vault.writeSecrets([
        { key: refreshKey('a1'), value: 'kept?' },
        { key: { accountId: '', kind: 'refresh-token' }, value: 'x' },
      ]),
    ).toThrow(/accountId/);
    const reopened = open();
    expect(reopened.load().accounts.map((account) => account.id)).toEqual(['a1']);
    expect(reopened.load().settings).toEqual(DEFAULT_SETTINGS);
    expect(reopened.readSecret(refreshKey('a1'))).toBeUndefined();
  });

  it('deleteAccountSecrets leaves nothing of that account in memory or on disk', async () => {
    const vault = open();
    vault.saveAccounts([sampleAccount('gone'), sampleAccount('kept')]);
    const goneValues = ['gone-refresh-token-value', 'gone-client-secret-value'];
    vault.writeSecrets([
      { key: refreshKey('gone'), value: goneValues[0] },
      { key: clientSecretKey('gone'), value: goneValues[1] },
      { key: refreshKey('kept'), value: 'kept-refresh-token-value' },
    ]);
    vault.deleteAccountSecrets('gone');
    expect(vault.readSecret(refreshKey('gone'))).toBeUndefined();
    expect(vault.readSecret(refreshKey('kept'))).toBe('kept-refresh-token-value');

    const raw = await readFile(join(directory, 'secrets.json'), 'utf8');
    expect(raw).not.toContain('gone/');
    expect(Object.keys((JSON.parse(raw) as { entries: object }).entries)).toEqual([
      'kept/-/refresh-token',
    ]);
    expect(await valuesFoundIn(vault.files(), goneValues)).toEqual([]);
    expect(open().readSecret(clientSecretKey('gone'))).toBeUndefined();
    expect(open().readSecret(refreshKey('kept'))).toBe('kept-refresh-token-value');
  });

  it('never hands a secret value to the logger', () => {
    const logger = recordingLogger();
    const vault = openVault({ directory, cipher, clock: fixedClock, logger });
    vault.saveAccounts([sampleAccount('a1')]);
    vault.writeSecrets([{ key: refreshKey('a1'), value: 'logged-nowhere-secret' }]);
    vault.deleteAccountSecrets('a1');
    openVault({ directory, cipher: new AesGcmCipher(), clock: fixedClock, logger });
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain('logged-nowhere-secret');
  });

  it('removes temporary files left behind by an interrupted write', async () => {
    open().writeSecrets([{ key: refreshKey('a1'), value: 'v' }]);
    await writeFile(join(directory, 'secrets.json.tmp-0123456789abcdef'), 'half');
    await writeFile(join(directory, 'tokendock.json.tmp-1764025262123abcdef'), '{"acc');
    const vault = open();
    expect(await readdir(directory)).toEqual(['secrets.json', 'tokendock.json']);
    expect(vault.readSecret(refreshKey('a1'))).toBe('v');
  });
});
