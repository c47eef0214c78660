import { describe, expect, it } from 'vitest';
import { safeStorageProtection } from '../../app/host/cipher-protection';
import { createSafeStorageCipher, type SafeStorageLike } from '../../main/safe-storage-cipher';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** safeStorage as a double: "encrypts" by reversing bytes behind a prefix. */
function fakeSafeStorage(
  available: boolean,
  backend: Backend,
): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => {
      calls.push('backend');
      return backend;
    },
    encryptString: (text: string) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').reverse()]);
    },
    decryptString: (data: Buffer) => {
      calls.push('decrypt');
      if (!data.subarray(0, 3).equals(Buffer.from('v11'))) throw new Error('bad data');
      return Buffer.from(data.subarray(3)).reverse().toString('utf8');
    },
  };
}

describe('safeStorageProtection', () => {
  it.each([
    ['darwin', true, undefined, true, 'keychain'],
    ['win32', true, undefined, true, 'dpapi'],
    ['linux', true, 'gnome_libsecret', true, 'gnome_libsecret'],
    ['linux', true, 'kwallet5', true, 'kwallet5'],
    ['linux', true, 'kwallet6', true, 'kwallet6'],
    ['linux', true, 'basic_text', false, 'basic_text'],
    ['linux', true, 'unknown', false, 'unknown'],
    ['linux', true, undefined, false, 'unknown'],
    ['darwin', false, undefined, false, 'unavailable'],
    ['linux', false, 'gnome_libsecret', false, 'unavailable'],
  ] as const)(
    '%s, available %s, backend %s → protected %s (%s)',
    (platform, available, backend, isProtected, name) => {
      expect(
        safeStorageProtection({
          platform,
          encryptionAvailable: available,
          ...(backend ? { linuxBackend: backend } : {}),
        }),
      ).toEqual({ isProtected, backend: name });
    },
  );
});

describe('createSafeStorageCipher', () => {
  it('encrypts and decrypts through safeStorage; reports the Linux backend', () => {
    const storage = fakeSafeStorage(true, 'gnome_libsecret');
    const cipher = createSafeStorageCipher(storage, 'linux');
    expect(cipher).toMatchObject({ isProtected: true, backend: 'gnome_libsecret' });
    const sealed = cipher.encrypt('refresh-token-value');
    expect(Buffer.from(sealed).toString('utf8')).not.toContain('refresh-token-value');
    expect(cipher.decrypt(sealed)).toBe('refresh-token-value');
    expect(storage.calls).toEqual(['backend', 'encrypt', 'decrypt']);
  });

  it('basic_text is unprotected (the vault keeps secrets in memory unless opted in)', () => {
    expect(createSafeStorageCipher(fakeSafeStorage(true, 'basic_text'), 'linux')).toMatchObject({
      isProtected: false,
      backend: 'basic_text',
    });
  });

  it('does not ask for a backend off Linux', () => {
    const storage = fakeSafeStorage(true, 'unknown');
    expect(createSafeStorageCipher(storage, 'darwin')).toMatchObject({
      isProtected: true,
      backend: 'keychain',
    });
    expect(storage.calls).toEqual([]);
  });

  it('without encryption: unprotected, values readable only while it stays unavailable', () => {
    const off = createSafeStorageCipher(fakeSafeStorage(false, 'unknown'), 'linux');
    expect(off).toMatchObject({ isProtected: false, backend: 'unavailable' });
    const stored = off.encrypt('s3cret');
    expect(off.decrypt(stored)).toBe('s3cret');
    expect(() => off.decrypt(Buffer.from('v11garbage'))).toThrow();
    const on = createSafeStorageCipher(fakeSafeStorage(true, 'gnome_libsecret'), 'linux');
    expect(() => on.decrypt(stored)).toThrow();
  });
});
