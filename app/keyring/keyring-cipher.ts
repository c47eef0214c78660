import { CipherLockedError, silentLogger, type Cipher, type Logger } from '../ports';
import { AesGcmCipher } from '../vault/aes-gcm-cipher';
import { probeKey, type ProbeOutcome, type ProbeResult } from './key-probe';
import { createPlainCipher } from './plain-cipher';

export interface KeyringCipherOptions {
  /** The keyring item's service (Secret Service attribute `service`, Keychain service…). */
  service: string;
  /** The keyring item's account (Secret Service attribute `username`). */
  account: string;
  /** Told which backend was chosen and why; never the key. */
  logger?: Logger;
  /** How long the keyring may take to answer at open (default 5 s). */
  probeTimeoutMs?: number;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
/** How long a keyring that answered may still take to give the key (a person at a prompt). */
const WAIT_LIMIT_MS = 120_000;
/** Calls made while locked try the keyring again at most this often. */
const RETRY_INTERVAL_MS = 2_000;

/**
 * What the secrets are protected by on `platform`, as `Cipher.backend` names it:
 * `secret-service` (Linux and the BSDs: the freedesktop Secret Service, such as gnome-keyring or
 * KWallet), `keychain` (macOS), `windows-credential` (Windows Credential Manager).
 */
export function keyringBackendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'windows-credential';
  return 'secret-service';
}

/**
 * Opens the `Cipher` of a host without Electron (`tokendock serve`): secrets are sealed with
 * AES-256-GCM (`AesGcmCipher`) under a vault key of 32 random bytes kept, in base64, in the OS
 * keyring under `service`/`account` (on Linux only the Secret Service, never the kernel keyring,
 * which forgets at reboot). The key is read once, in a child process bounded by
 * `probeTimeoutMs`, and kept in memory; sealing and opening never wait for the keyring.
 *
 * - The keyring has no such item: a new key is made and stored there (never anywhere else).
 * - No keyring answers (no session bus, no Secret Service, nothing within the time limit): a
 *   `basic_text` cipher, `isProtected: false`, as Electron's: the vault then keeps secrets in
 *   memory only unless the person opts in. No key is made.
 * - The keyring answers but cannot give the key now (locked, access refused, a prompt dismissed
 *   or still waiting): `isProtected: true`, and `encrypt`/`decrypt` throw `CipherLockedError`
 *   until a later call finds the key (each such call asks the keyring again, at most every 2 s,
 *   in the background).
 * - An item is there but is not a 32-byte key (altered, ambiguous): the same as locked, and it is
 *   never replaced: a new key would orphan every secret sealed under the old one. The log says
 *   what to repair.
 *
 * The choice and its reason are logged (service, account, backend, time taken; never the key).
 */
export async function openKeyringCipher(options: KeyringCipherOptions): Promise<Cipher> {
  const { service, account } = options;
  if (service.trim() === '' || account.trim() === '') {
    throw new TypeError('openKeyringCipher needs a service and an account.');
  }
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const backend = keyringBackendName(process.platform);
  const probe = (): Promise<ProbeResult> =>
    probeKey({ service, account, timeoutMs, waitLimitMs: WAIT_LIMIT_MS });

  const started = performance.now();
  const first = await probe();
  const elapsedMs = Math.round(performance.now() - started);
  if (first.outcome.kind === 'unavailable') {
    logger.warn('keyring: no OS keyring answered; secrets get no protection (basic_text)', {
      backend: 'basic_text',
      tried: backend,
      reason: first.outcome.reason,
      elapsedMs,
    });
    return createPlainCipher(first.outcome.reason);
  }
  const cipher = new KeyringCipher({ backend, service, account, logger, probe });
  cipher.settle(first.outcome, elapsedMs);
  if (first.later !== undefined) cipher.follow(first.later);
  return cipher;
}

interface KeyringCipherParts {
  backend: string;
  service: string;
  account: string;
  logger: Logger;
  probe: () => Promise<ProbeResult>;
}

/** A protected cipher whose key is in the keyring: working once the key is known, locked until. */
class KeyringCipher implements Cipher {
  readonly isProtected = true;
  readonly backend: string;
  readonly #parts: KeyringCipherParts;
  #sealer: AesGcmCipher | undefined;
  #why = 'the key has not been read yet';
  #lastReported = '';
  #asking = false;
  #lastAsked = Number.NEGATIVE_INFINITY;

  constructor(parts: KeyringCipherParts) {
    this.#parts = parts;
    this.backend = parts.backend;
  }

  encrypt(plaintext: string): Uint8Array {
    return this.#working('seal').encrypt(plaintext);
  }

  decrypt(ciphertext: Uint8Array): string {
    return this.#working('open').decrypt(ciphertext);
  }

  /** Takes what a probe found. Once the key is known it is never read again. */
  settle(outcome: ProbeOutcome, elapsedMs?: number): void {
    if (this.#sealer !== undefined) return;
    const { backend, service, account, logger } = this.#parts;
    const where = { backend, service, account, ...(elapsedMs === undefined ? {} : { elapsedMs }) };
    switch (outcome.kind) {
      case 'key':
        this.#sealer = new AesGcmCipher(outcome.key, { isProtected: true, backend });
        outcome.key.fill(0);
        logger.info('keyring: secrets are sealed with a key kept in the OS keyring', {
          ...where,
          created: outcome.created,
        });
        return;
      case 'damaged':
        this.#report(
          `the key in the keyring cannot be used (${outcome.reason}); it is not replaced, since secrets sealed under it would be lost: restore it, or delete the item to start over without them`,
          () =>
            logger.error('keyring: the key in the OS keyring is damaged; it is not replaced', {
              ...where,
              reason: outcome.reason,
            }),
        );
        return;
      case 'locked':
      case 'unavailable':
        // A keyring that answered once and not now is locked, never "no protection".
        this.#report(`the keyring is locked or refused (${outcome.reason})`, () =>
          logger.warn('keyring: the OS keyring cannot give the key now; secrets stay sealed', {
            ...where,
            reason: outcome.reason,
          }),
        );
        return;
    }
  }

  /** Waits, in the background, for a probe that is still under way. */
  follow(later: Promise<ProbeOutcome>): void {
    this.#asking = true;
    this.#lastAsked = performance.now();
    void later.then(
      (outcome) => {
        this.#asking = false;
        this.settle(outcome);
      },
      () => {
        this.#asking = false;
      },
    );
  }

  #report(why: string, log: () => void): void {
    this.#why = why;
    if (why === this.#lastReported) return;
    this.#lastReported = why;
    log();
  }

  #working(what: 'seal' | 'open'): AesGcmCipher {
    if (this.#sealer !== undefined) return this.#sealer;
    this.#askAgain();
    throw new CipherLockedError(
      `The OS keyring (${this.backend}) cannot ${what} secrets now: ${this.#why}.`,
    );
  }

  #askAgain(): void {
    if (this.#asking || performance.now() - this.#lastAsked < RETRY_INTERVAL_MS) return;
    this.#asking = true;
    this.#lastAsked = performance.now();
    void this.#parts.probe().then(
      (result) => {
        this.settle(result.outcome);
        if (result.later !== undefined) this.follow(result.later);
        else this.#asking = false;
      },
      () => {
        this.#asking = false;
      },
    );
  }
}
