import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Cipher } from '../ports';

const FORMAT_VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export interface AesGcmCipherOptions {
  /** Whether the host would call this real protection (tests pretend `basic_text` with false). */
  isProtected?: boolean;
  backend?: string;
}

/**
 * A real AES-256-GCM cipher, for tests and the web test host (the desktop app uses Electron's
 * `safeStorage`). Each message: a format version byte, a random 12-byte IV, the 16-byte
 * authentication tag, then the ciphertext. Decrypting damaged data or data sealed with another
 * key throws.
 */
export class AesGcmCipher implements Cipher {
  readonly isProtected: boolean;
  readonly backend: string;
  readonly #key: Buffer;

  /** `key`: 32 bytes; a random key when absent. */
  constructor(
    key?: Uint8Array,
    { isProtected = true, backend = 'aes-256-gcm' }: AesGcmCipherOptions = {},
  ) {
    if (key !== undefined && key.length !== KEY_BYTES) {
      throw new RangeError(`An AES-256-GCM key is ${KEY_BYTES} bytes, got ${key.length}.`);
    }
    this.#key = key === undefined ? randomBytes(KEY_BYTES) : Buffer.from(key);
    this.isProtected = isProtected;
    this.backend = backend;
  }

  /** Seals `plaintext` (UTF-8) under a fresh random IV. */
  encrypt(plaintext: string): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), ciphertext]);
  }

  /** Opens what `encrypt` sealed; throws on an unknown format, damage or the wrong key. */
  decrypt(ciphertext: Uint8Array): string {
    const data = Buffer.from(ciphertext);
    if (data.length < HEADER_BYTES || data[0] !== FORMAT_VERSION) {
      throw new Error('Not an AES-256-GCM message of a known format.');
    }
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(data.subarray(HEADER_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('The message was damaged or sealed with another key.');
    }
  }
}
