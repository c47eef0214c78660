import { readFile, rm, stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlainCipher } from '../../app/keyring/plain-cipher';
import { CipherLockedError } from '../../app/ports';
import { AesGcmCipher, openVault } from '../../app/vault';
import { cipherForFolder, PROTECTION_FILE } from '../../serve/protection-record';
import {
  accountPath,
  clientSecretKey,
  makeTempRoot,
  refreshKey,
  sampleAccount,
} from '../support/vault-fixtures';

/**
 * A headless host's folder sealed under a keyring key, started once where the keyring does not
 * answer: nothing sealed may be lost (the vault drops secrets from disk under `basic_text`).
 */
let remove: (() => Promise<void>) | undefined;
afterEach(async () => {
  await remove?.();
});

async function sealedFolder() {
  const temp = await makeTempRoot();
  remove = temp.remove;
  const keyring = new AesGcmCipher(undefined, { backend: 'secret-service' });
  const cipher = await cipherForFolder(temp.root, keyring);
  expect(cipher).toBe(keyring);
  const vault = openVault({ directory: `${temp.root}/vault`, cipher });
  await vault.writeAccount({
    account: sampleAccount('a1'),
    secrets: [
      { key: refreshKey('a1'), value: 'refresh-token-of-a1' },
      { key: clientSecretKey('a1'), value: 'client-secret-of-a1' },
    ],
  });
  await vault.close();
  const file = accountPath(`${temp.root}/vault`, 'a1');
  return { root: temp.root, file, sealed: await readFile(file, 'utf8') };
}

describe('a folder sealed under the keyring, started without it', () => {
  it('records what sealed it, readable by its owner only', async () => {
    const { root } = await sealedFolder();
    const record = JSON.parse(await readFile(`${root}/${PROTECTION_FILE}`, 'utf8')) as unknown;
    expect(record).toEqual({ sealedWith: 'secret-service' });
    expect((await stat(`${root}/${PROTECTION_FILE}`)).mode & 0o777).toBe(0o600);
  });

  it('keeps every sealed secret on disk, untouched, and reports them locked', async () => {
    const { root, file, sealed } = await sealedFolder();
    const cipher = await cipherForFolder(root, createPlainCipher('no session bus'));
    expect(cipher.isProtected).toBe(true);
    expect(cipher.backend).toBe('secret-service');
    expect(() => cipher.encrypt('x')).toThrow(CipherLockedError);

    const vault = openVault({ directory: `${root}/vault`, cipher });
    expect(vault.load().accounts.map((a) => a.id)).toEqual(['a1']);
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.isLocked('a1')).toBe(true);
    await vault.close();
    expect(await readFile(file, 'utf8')).toBe(sealed);
  });

  it('(control) without the record, basic_text takes the sealed secrets off the disk', async () => {
    const { root, file, sealed } = await sealedFolder();
    const vault = openVault({
      directory: `${root}/vault`,
      cipher: createPlainCipher('no session bus'),
    });
    await vault.close();
    expect(await readFile(file, 'utf8')).not.toBe(sealed);
  });
});

describe('a folder sealed before records were kept (or the desktop app’s), started without a keyring', () => {
  it('keeps its sealed secrets: nothing tells it what sealed them, but the plain cipher cannot open them', async () => {
    const { root, file, sealed } = await sealedFolder();
    await rm(`${root}/${PROTECTION_FILE}`);
    const cipher = await cipherForFolder(root, createPlainCipher('no session bus'));
    expect(cipher.isProtected).toBe(true);
    const vault = openVault({ directory: `${root}/vault`, cipher });
    await vault.close();
    expect(await readFile(file, 'utf8')).toBe(sealed);
  });

  it('a folder of plain secrets (saved unprotected by choice) opens as it is', async () => {
    const temp = await makeTempRoot();
    remove = temp.remove;
    const plain = createPlainCipher('no session bus');
    const vault = openVault({ directory: `${temp.root}/vault`, cipher: plain });
    await vault.setPersistUnprotected(true);
    await vault.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'refresh-token-of-a1' }],
    });
    await vault.close();
    expect(await readFile(accountPath(`${temp.root}/vault`, 'a1'), 'utf8')).toContain(
      'refresh-token',
    );
    expect(await cipherForFolder(temp.root, plain)).toBe(plain);
  });
});
