/**
 * main/safe-storage-cipher.ts against the fake `safeStorage` (test/electron/fake/safe-storage.ts,
 * which follows docs/api/safe-storage.md and Electron's own messages) in each state Electron goes
 * through on Linux: not ready, ready with the keyring locked, ready and unlocked; plus
 * `basic_text`, another machine's key, damage, and the other platforms.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorageProtection } from '../../app/host/cipher-protection';
import { CipherLockedError } from '../../app/ports';
import { openVault, type Vault } from '../../app/vault';
import { createSafeStorageCipher, type SafeStorageLike } from '../../main/safe-storage-cipher';
import { safeStorage, safeStorageSwitches } from '../electron/fake/safe-storage';
import {
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  readAccountJson,
  refreshKey,
  sampleAccount,
  snapshotTree,
} from '../support/vault-fixtures';

const fake: SafeStorageLike = safeStorage;

/** What `fn` throws (fails when it does not). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeEach(() => safeStorageSwitches.reset());

describe('safeStorageProtection', () => {
  it.each([
    ['darwin', true, undefined, true, 'keychain', 'available'],
    ['darwin', false, undefined, true, 'keychain', 'locked'],
    ['win32', true, undefined, true, 'dpapi', 'available'],
    ['win32', false, undefined, true, 'dpapi', 'locked'],
    ['linux', true, 'gnome_libsecret', true, 'gnome_libsecret', 'available'],
    ['linux', false, 'gnome_libsecret', true, 'gnome_libsecret', 'locked'],
    ['linux', true, 'kwallet5', true, 'kwallet5', 'available'],
    ['linux', false, 'kwallet6', true, 'kwallet6', 'locked'],
    ['linux', true, 'basic_text', false, 'basic_text', 'available'],
    ['linux', false, 'basic_text', false, 'basic_text', 'plain'],
    // Before `ready` the backend is `unknown` (docs): not known yet, so nothing may be given up.
    ['linux', false, 'unknown', true, 'unknown', 'locked'],
    ['linux', false, undefined, true, 'unknown', 'locked'],
    ['linux', true, 'unknown', false, 'unknown', 'available'],
    ['freebsd', false, undefined, false, 'unknown', 'plain'],
  ] as const)(
    '%s, available %s, backend %s → protected %s (%s), %s',
    (platform, available, backend, isProtected, name, mode) => {
      expect(
        safeStorageProtection({
          platform,
          encryptionAvailable: available,
          ...(backend ? { linuxBackend: backend } : {}),
        }),
      ).toEqual({ isProtected, backend: name, mode });
    },
  );
});

describe('the fake safeStorage behaves as documented', () => {
  it('not ready: unavailable, backend unknown, calls throw "before app is ready"', async () => {
    safeStorageSwitches.beforeReady();
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    expect(safeStorage.getSelectedStorageBackend()).toBe('unknown');
    expect(() => safeStorage.encryptString('x')).toThrow(/before app is ready/);
    expect(() => safeStorage.decryptString(Buffer.from('v11x'))).toThrow(/before app is ready/);
    await expect(safeStorage.isAsyncEncryptionAvailable()).resolves.toBe(false);
    await expect(safeStorage.decryptStringAsync(Buffer.from('v11x'))).rejects.toThrow(
      /before app is ready/,
    );
  });

  it('locked: "Decryption is not available", and the async API says "temporarily unavailable"', async () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const sealed = safeStorage.encryptString('rt');
    safeStorageSwitches.lock();
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    expect(safeStorage.getSelectedStorageBackend()).toBe('gnome_libsecret');
    expect(() => safeStorage.decryptString(sealed)).toThrow(/Decryption is not available\.$/);
    expect(() => safeStorage.encryptString('x')).toThrow(/Encryption is not available\.$/);
    await expect(safeStorage.decryptStringAsync(sealed)).rejects.toThrow(
      'safeStorage.decryptStringAsync is temporarily unavailable. Please try again.',
    );
    safeStorageSwitches.unlock();
    expect(safeStorage.decryptString(sealed)).toBe('rt');
    await expect(safeStorage.decryptStringAsync(sealed)).resolves.toEqual({
      shouldReEncrypt: false,
      result: 'rt',
    });
  });

  it('available: another key or damage fail with a plain "Error while decrypting"', async () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const sealed = safeStorage.encryptString('rt');
    expect(sealed.toString('latin1')).not.toContain('rt"');
    expect(() => safeStorage.decryptString(Buffer.from('garbage'))).toThrow(
      /does not appear to be encrypted/,
    );
    safeStorageSwitches.useKey('another-machine');
    expect(() => safeStorage.decryptString(sealed)).toThrow(
      /^Error while decrypting the ciphertext provided to safeStorage\.decryptString\.$/,
    );
    await expect(safeStorage.decryptStringAsync(sealed)).rejects.toThrow(
      /^Error while decrypting the ciphertext provided to safeStorage\.decryptStringAsync\.$/,
    );
  });

  it('basic_text: encryption is not available unless plain text encryption is switched on', () => {
    expect(safeStorage.getSelectedStorageBackend()).toBe('basic_text');
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    safeStorage.setUsePlainTextEncryption(true);
    expect(safeStorage.isEncryptionAvailable()).toBe(true);
    expect(safeStorage.decryptString(safeStorage.encryptString('x'))).toBe('x');
  });
});

describe('createSafeStorageCipher over the fake, state by state (Linux)', () => {
  it('not ready: locked (not "unprotected"), backend unknown; works once ready', () => {
    safeStorageSwitches.beforeReady();
    const cipher = createSafeStorageCipher(fake, 'linux');
    expect(cipher).toMatchObject({ isProtected: true, backend: 'unknown' });
    expect(thrown(() => cipher.encrypt('x'))).toBeInstanceOf(CipherLockedError);
    expect(thrown(() => cipher.decrypt(Buffer.from('v11whatever')))).toBeInstanceOf(
      CipherLockedError,
    );
    // The backend is read again after `ready`, not kept as `unknown`.
    safeStorageSwitches.ready('gnome_libsecret');
    expect(cipher).toMatchObject({ isProtected: true, backend: 'gnome_libsecret' });
    expect(cipher.decrypt(cipher.encrypt('refresh-token-value'))).toBe('refresh-token-value');
  });

  it('keyring locked: still protected; encrypt and decrypt throw CipherLockedError; unlocked: they work', () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const cipher = createSafeStorageCipher(fake, 'linux');
    const sealed = cipher.encrypt('refresh-token-value');
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('refresh-token-value');

    safeStorageSwitches.lock();
    expect(cipher).toMatchObject({ isProtected: true, backend: 'gnome_libsecret' });
    const error = thrown(() => cipher.decrypt(sealed));
    expect(error).toBeInstanceOf(CipherLockedError);
    expect((error as Error).message).toMatch(/locked|denied/);
    expect(thrown(() => cipher.encrypt('new'))).toBeInstanceOf(CipherLockedError);

    safeStorageSwitches.unlock();
    expect(cipher.decrypt(sealed)).toBe('refresh-token-value');
  });

  it('available but another key or damage: an error that is NOT CipherLockedError (never opens)', () => {
    safeStorageSwitches.ready('kwallet6');
    const cipher = createSafeStorageCipher(fake, 'linux');
    const sealed = cipher.encrypt('secret');
    const damaged = Buffer.from(sealed);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 2) ^ 0xff, damaged.length - 2);
    for (const bad of [damaged, Buffer.from('garbage')]) {
      const error = thrown(() => cipher.decrypt(bad));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(CipherLockedError);
    }
    safeStorageSwitches.useKey('another-machine');
    expect(thrown(() => cipher.decrypt(sealed))).not.toBeInstanceOf(CipherLockedError);
  });

  it('availability lost between the check and the call: Electron\'s "not available" is "not now"', () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const sealed = safeStorage.encryptString('secret');
    const racing: SafeStorageLike = {
      ...fake,
      isEncryptionAvailable: () => true,
      decryptString: (data) => {
        safeStorageSwitches.lock();
        return safeStorage.decryptString(data);
      },
    };
    const cipher = createSafeStorageCipher(racing, 'linux');
    expect(thrown(() => cipher.decrypt(sealed))).toBeInstanceOf(CipherLockedError);
  });

  it('basic_text: unprotected as before; plain values round-trip; keyring-sealed ones are locked, not damaged', () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const keyringSealed = createSafeStorageCipher(fake, 'linux').encrypt('from-the-keyring');

    // A start where the desktop was not recognised: `basic_text`, no encryption.
    safeStorageSwitches.ready('basic_text');
    const plain = createSafeStorageCipher(fake, 'linux');
    expect(plain).toMatchObject({ isProtected: false, backend: 'basic_text' });
    const stored = plain.encrypt('s3cret');
    expect(plain.decrypt(stored)).toBe('s3cret');
    expect(thrown(() => plain.decrypt(keyringSealed))).toBeInstanceOf(CipherLockedError);

    // Once a key store works again, plain values count as undecryptable (as before).
    safeStorageSwitches.ready('gnome_libsecret');
    const error = thrown(() => plain.decrypt(stored));
    expect(error).not.toBeInstanceOf(CipherLockedError);
    expect(plain.decrypt(keyringSealed)).toBe('from-the-keyring');
  });
});

describe('createSafeStorageCipher on macOS and Windows', () => {
  it('does not ask for a backend off Linux; Keychain unavailable (denied) is locked', () => {
    let available = true;
    let asked = 0;
    const storage: SafeStorageLike = {
      ...fake,
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => {
        asked += 1;
        return 'unknown';
      },
      encryptString: (text) => Buffer.from(`v10${text}`),
      decryptString: (data) => data.subarray(3).toString(),
    };
    const mac = createSafeStorageCipher(storage, 'darwin');
    expect(mac).toMatchObject({ isProtected: true, backend: 'keychain' });
    const sealed = mac.encrypt('x');
    available = false;
    expect(mac).toMatchObject({ isProtected: true, backend: 'keychain' });
    expect(thrown(() => mac.decrypt(sealed))).toBeInstanceOf(CipherLockedError);
    available = true;
    expect(mac.decrypt(sealed)).toBe('x');
    expect(createSafeStorageCipher(storage, 'win32')).toMatchObject({
      isProtected: true,
      backend: 'dpapi',
    });
    expect(asked).toBe(0);
  });
});

describe('the vault over the adapter while the keyring is locked', () => {
  let remove: () => Promise<void>;
  let directory: string;
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
  const open = () => {
    const vault = openVault({
      directory,
      cipher: createSafeStorageCipher(fake, 'linux'),
      clock: fixedClock,
    });
    opened.push(vault);
    return vault;
  };

  it('keeps the secrets sealed on disk, reports them locked, carries them through a write, opens them once unlocked', async () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [
        { key: refreshKey('a1'), value: 'rt-1' },
        { key: clientSecretKey('a1'), value: 'cs-1' },
      ],
    });
    await writer.close();
    const sealedBefore = (await readAccountJson(directory, 'a1')).secrets;
    const before = await snapshotTree(join(directory, 'accounts'));

    safeStorageSwitches.lock();
    const vault = open();
    expect(vault.protection).toMatchObject({ isProtected: true, secretsOnDisk: true });
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    // Locked: the other secrets of the account are not tried until a retry.
    expect(vault.readSecret(clientSecretKey('a1'))).toBeUndefined();
    expect(vault.isLocked('a1')).toBe(true);
    expect(vault.problems).toEqual([
      { kind: 'locked', accountId: 'a1', secretKinds: ['refresh-token', 'client-secret'] },
    ]);
    // Opening did not touch a byte (the old adapter called this "unprotected", and opening the
    // vault then rewrote every account file without its secrets).
    expect(await snapshotTree(join(directory, 'accounts'))).toEqual(before);
    expect(vault.retryLocked()).toEqual([]);

    // A write of the account (a rename) carries the sealed values forward unchanged.
    await vault.writeAccount({ account: sampleAccount('a1', { name: 'renamed' }) });
    expect((await readAccountJson(directory, 'a1')).secrets).toEqual(sealedBefore);
    expect(vault.isLocked('a1')).toBe(true);

    safeStorageSwitches.unlock();
    expect(vault.retryLocked()).toEqual(['a1']);
    expect(vault.isLocked('a1')).toBe(false);
    expect(vault.problems).toEqual([]);
    expect(vault.readSecret(refreshKey('a1'))).toBe('rt-1');
    expect(vault.readSecret(clientSecretKey('a1'))).toBe('cs-1');
  });

  it('a secret that does not open with a working key store is undecryptable, not locked', async () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'rt-1' }],
    });
    await writer.close();
    safeStorageSwitches.useKey('another-machine');
    const vault = open();
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.isLocked('a1')).toBe(false);
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a1', secretKinds: ['refresh-token'] },
    ]);
  });

  it('a locked secret that turns out damaged once the key store works becomes undecryptable', async () => {
    safeStorageSwitches.ready('gnome_libsecret');
    const writer = open();
    await writer.writeAccount({
      account: sampleAccount('a1'),
      secrets: [{ key: refreshKey('a1'), value: 'rt-1' }],
    });
    await writer.close();
    safeStorageSwitches.lock();
    const vault = open();
    expect(vault.readSecret(refreshKey('a1'))).toBeUndefined();
    expect(vault.isLocked('a1')).toBe(true);
    safeStorageSwitches.useKey('another-machine');
    safeStorageSwitches.unlock();
    expect(vault.retryLocked()).toEqual(['a1']);
    expect(vault.problems).toEqual([
      { kind: 'undecryptable', accountId: 'a1', secretKinds: ['refresh-token'] },
    ]);
  });
});
