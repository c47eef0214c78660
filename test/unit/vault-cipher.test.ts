import { describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../app/vault';

describe('AesGcmCipher', () => {
  it('round-trips text, with a fresh IV each time', () => {
    const cipher = new AesGcmCipher();
    const text = 'refresh-token ✓ 0.AAAA';
    const first = cipher.encrypt(text);
    const second = cipher.encrypt(text);
    expect(cipher.decrypt(first)).toBe(text);
    expect(cipher.decrypt(second)).toBe(text);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(first[0]).toBe(1);
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(text));
    expect(Buffer.from(first).includes(Buffer.from(text))).toBe(false);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('works with a given key across instances', () => {
    const key = new Uint8Array(32).fill(3);
    expect(new AesGcmCipher(key).decrypt(new AesGcmCipher(key).encrypt('shared'))).toBe('shared');
  });

  it.each([0, 1, 13, 29, 40])('throws when byte %i is flipped', (index) => {
    const cipher = new AesGcmCipher();
    const sealed = Buffer.from(cipher.encrypt('a longer secret value to flip bits in'));
    sealed[index]! ^= 0x40;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('throws on truncated data', () => {
    const cipher = new AesGcmCipher();
    const sealed = cipher.encrypt('secret');
    expect(() => cipher.decrypt(sealed.subarray(0, sealed.length - 1))).toThrow();
    expect(() => cipher.decrypt(sealed.subarray(0, 20))).toThrow(/known format/);
  });

  it('throws with the wrong key', () => {
    const sealed = new AesGcmCipher().encrypt('secret');
    expect(() => new AesGcmCipher().decrypt(sealed)).toThrow(/another key/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmCipher(new Uint8Array(16))).toThrow(RangeError);
  });

  it('reports the protection it was given', () => {
    expect(new AesGcmCipher()).toMatchObject({ isProtected: true, backend: 'aes-256-gcm' });
    expect(
      new AesGcmCipher(undefined, { isProtected: false, backend: 'basic_text' }),
    ).toMatchObject({ isProtected: false, backend: 'basic_text' });
  });
});
