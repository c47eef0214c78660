/**
 * `safeStorage`, as docs/api/safe-storage.md (electron repository) describes it; the order of the
 * checks and the error messages are those of shell/browser/api/electron_api_safe_storage.cc. It
 * models Linux, where availability depends on the most: unavailable until `ready`, then locked
 * while the keyring is (no secret key), then available. Tests move it between those states with
 * `safeStorageSwitches`.
 */
import * as appModule from './app';

/** The fake `app`, where it models `ready` (`isReady`, `emitReady`): its readiness is the truth. */
const fakeApp = appModule.app as unknown as { isReady?: () => boolean; emitReady?: () => void };

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6';

/** The key `basic_text` uses (Chromium's hard-coded v10 password): the same on every machine. */
const PLAIN_TEXT_KEY = 'peanuts';

/** Where the fake stands. Change it through `safeStorageSwitches`. */
const state = {
  /** Held back before `ready` by `beforeReady()`; otherwise ready when the fake app is. */
  ready: true,
  /** docs: chosen from the desktop environment at `ready`. */
  backend: 'basic_text' as Backend,
  /** Whether the secret store hands out the key now (keyring unlocked, access allowed). */
  keyAvailable: true,
  /** This machine's key: data sealed under another one does not decrypt. */
  key: 'this-machine',
  /** `setUsePlainTextEncryption(true)` was called. */
  usePlainText: false,
};

/** Test switches: move the fake between the states Electron goes through. */
export const safeStorageSwitches = {
  /** Before the app emitted `ready` (docs: unavailable; the backend is `unknown`). */
  beforeReady(): void {
    state.ready = false;
  },
  /** `ready` was emitted (by the fake app too); on Linux the backend is chosen then. */
  ready(backend: Backend = state.backend): void {
    state.ready = true;
    state.backend = backend;
    fakeApp.emitReady?.();
  },
  /** The keyring is locked, or the person denied access: no secret key. */
  lock(): void {
    state.keyAvailable = false;
  },
  unlock(): void {
    state.keyAvailable = true;
  },
  /** Another machine's key (as after copying the data folder elsewhere). */
  useKey(key: string): void {
    state.key = key;
  },
  /** Back to the default: ready, `basic_text`, unlocked, this machine's key. */
  reset(): void {
    Object.assign(state, {
      ready: true,
      backend: 'basic_text',
      keyAvailable: true,
      key: 'this-machine',
      usePlainText: false,
    });
    fakeApp.emitReady?.();
  },
};

/** docs: before `ready` nothing works. Follows the fake `app.isReady()` where there is one. */
function isReady(): boolean {
  return state.ready && (fakeApp.isReady?.() ?? true);
}

/** Chromium's OSCrypt on Linux: only a secret store's key counts (`basic_text` has none). */
function osCryptAvailable(): boolean {
  return state.backend !== 'basic_text' && state.keyAvailable;
}

function seal(text: string): Buffer {
  const plainText = state.backend === 'basic_text';
  const prefix = plainText ? 'v10' : 'v11';
  const body = JSON.stringify({
    key: plainText ? PLAIN_TEXT_KEY : state.key,
    data: Buffer.from(text, 'utf8').reverse().toString('base64'),
  });
  return Buffer.concat([Buffer.from(prefix), Buffer.from(body).reverse()]);
}

/** The plaintext, or undefined when the data is damaged or sealed under another key. */
function open(data: Buffer): string | undefined {
  const prefix = data.subarray(0, 3).toString();
  try {
    const body = JSON.parse(Buffer.from(data.subarray(3)).reverse().toString()) as {
      key: string;
      data: string;
    };
    const expected = prefix === 'v10' ? PLAIN_TEXT_KEY : state.key;
    if (body.key !== expected) return undefined;
    return Buffer.from(body.data, 'base64').reverse().toString('utf8');
  } catch {
    return undefined;
  }
}

const hasPrefix = (data: Buffer) => ['v10', 'v11'].includes(data.subarray(0, 3).toString());

export const safeStorage = {
  /**
   * docs: "On Linux, returns true if the app has emitted the `ready` event and the secret key is
   * available." With `basic_text` only after `setUsePlainTextEncryption(true)` (source).
   */
  isEncryptionAvailable(): boolean {
    if (!isReady()) return false;
    return osCryptAvailable() || (state.usePlainText && state.backend === 'basic_text');
  },

  /** docs: `unknown` "when the function is called before app has emitted the `ready` event". */
  getSelectedStorageBackend(): Backend | 'unknown' {
    return isReady() ? state.backend : 'unknown';
  },

  /** docs: "This function will throw an error if encryption fails." */
  encryptString(plainText: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) {
      if (!isReady()) throw new Error('safeStorage cannot be used before app is ready');
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    }
    return seal(plainText);
  },

  /** The checks in the order of the source, each with its message. */
  decryptString(encrypted: Buffer): string {
    if (!safeStorage.isEncryptionAvailable()) {
      if (!isReady()) throw new Error('safeStorage cannot be used before app is ready');
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    }
    if (!Buffer.isBuffer(encrypted))
      throw new Error('Expected the first argument of decryptString() to be a buffer');
    if (encrypted.length === 0) return '';
    if (!hasPrefix(encrypted))
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.',
      );
    const text = open(encrypted);
    if (text === undefined)
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    return text;
  },

  /** docs: "force the module to use an in memory password" on Linux when no store is found. */
  setUsePlainTextEncryption(usePlainText: boolean): void {
    state.usePlainText = usePlainText;
  },

  /**
   * docs: "Resolves with whether encryption is available for asynchronous safeStorage
   * operations", initialised lazily after `ready`; false before it (source).
   */
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    await Promise.resolve();
    return isReady();
  },

  /** docs: `Promise<Buffer>`; rejects before `ready` and when encrypting fails (source). */
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    await Promise.resolve();
    if (!isReady()) throw new Error('safeStorage cannot be used before app is ready');
    if (!osCryptAvailable() && state.backend !== 'basic_text')
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptStringAsync.',
      );
    return seal(plainText);
  },

  /**
   * docs: resolves `{ shouldReEncrypt, result }`; "temporary unavailability handling" is a
   * rejection with "… is temporarily unavailable. Please try again." (source), kept apart from a
   * failure to decrypt.
   */
  async decryptStringAsync(
    encrypted: Buffer,
  ): Promise<{ shouldReEncrypt: boolean; result: string }> {
    await Promise.resolve();
    if (!isReady()) throw new Error('safeStorage cannot be used before app is ready');
    if (!Buffer.isBuffer(encrypted))
      throw new Error('Expected the first argument of decryptStringAsync() to be a buffer');
    if (encrypted.length === 0) return { shouldReEncrypt: false, result: '' };
    const needsKey = encrypted.subarray(0, 3).toString() === 'v11';
    if (needsKey && !state.keyAvailable)
      throw new Error(
        'safeStorage.decryptStringAsync is temporarily unavailable. Please try again.',
      );
    const text = hasPrefix(encrypted) ? open(encrypted) : undefined;
    if (text === undefined)
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.',
      );
    return { shouldReEncrypt: false, result: text };
  },
};
