/**
 * What the engine needs from its host. The desktop app implements these with Electron
 * (main/), the tests and the web test host with Node and Chromium. Nothing in app/ reaches
 * the network, a window or the clock except through these.
 */

/** The WHATWG `fetch` the engine's HTTP goes through (Electron's `net.fetch` on the desktop). */
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Time. */
export interface Clock {
  /** Wall-clock time: epoch milliseconds, UTC. Shown to people and sent to providers. */
  now(): number;
  /**
   * Milliseconds on a clock that only moves forward at the pace of real time, whatever happens to
   * the wall clock (`performance.now()`). Deadlines are measured on it. Test clocks that leave it
   * out get `now()` instead.
   */
  monotonic?(): number;
}

/** The system clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.timeOrigin + performance.now(),
};

/** The monotonic time of `clock` (its wall time when it has no monotonic clock). */
export function monotonicNow(clock: Clock): number {
  return clock.monotonic ? clock.monotonic() : clock.now();
}

/** What an interactive sign-in asks the host to show. */
export interface AuthWindowRequest {
  /** The authorization request URL to load. */
  url: string;
  /**
   * The redirect URI registered for the client. The window resolves with the first navigation
   * whose origin and path equal this URI's, before that navigation loads.
   */
  redirectUri: string;
  /** Keeps the cookies of several accounts at one provider apart (one partition per account). */
  partition?: string;
  /** Aborting closes the window. */
  signal?: AbortSignal;
}

/**
 * The embedded sign-in window: opens the authorization URL and resolves with the full redirect
 * URL (code, state, iss or error in its query). Rejects with a `TokenDockError` of code
 * `window_closed` when the person closes it, `cancelled` when the signal aborts.
 */
export interface AuthWindow {
  open(request: AuthWindowRequest): Promise<string>;
}

/** The system browser, for sign-in through a loopback redirect (RFC 8252 §7.3). */
export interface ExternalBrowser {
  open(url: string): Promise<void>;
}

/** Structured, leveled logging. Callers pass only redacted values. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Encryption of secrets at rest (Electron's `safeStorage` on the desktop). `isProtected` is false
 * when the operating system gives no real protection (Linux `basic_text`, or unknown); the engine
 * then keeps secrets in memory only unless the user opts in. A protected store that is locked
 * right now is still protected. Both may be read again later (a Linux backend is known after
 * Electron's `ready`).
 *
 * Whether the cipher works *now* is learnt from the call itself: `encrypt` and `decrypt` throw
 * `CipherLockedError` when they cannot work now but may later (keyring locked, access denied, not
 * ready yet), and any other error only when they never will (another machine's key, damage). Not a
 * separate `available()` query: the answer exists only at the call (a Keychain prompt is denied,
 * a key lookup fails during that call), so a query could say yes and the call still fail; and
 * the vault already catches what `decrypt` throws, so the distinction is made in one place.
 */
export interface Cipher {
  readonly isProtected: boolean;
  /** What protects the secrets, for people: `keychain`, `dpapi`, `gnome_libsecret`, `basic_text`… */
  readonly backend: string;
  /** Throws `CipherLockedError` when it cannot seal now. */
  encrypt(plaintext: string): Uint8Array;
  /** Throws `CipherLockedError` when it cannot open now, another error when it never will. */
  decrypt(ciphertext: Uint8Array): string;
}

/** The cipher cannot work now but may later: the sealed data is fine, keep it and try again. */
export class CipherLockedError extends Error {
  override readonly name = 'CipherLockedError';
}

/** The system clipboard. */
export interface Clipboard {
  writeText(text: string): void;
  readText(): string;
  /** Empties the clipboard (all formats); where absent, clearing writes `''`. */
  clear?(): void;
}

/** Desktop notifications. */
export interface Notifier {
  notify(notification: { title: string; body: string; accountId?: string }): void;
}

/** Sleep/resume and network changes, after which token deadlines are re-evaluated at once. */
export interface PowerEvents {
  /** Returns a function that unsubscribes. */
  onResume(listener: () => void): () => void;
  onNetworkChange(listener: () => void): () => void;
}

/** Timers, so tests and the bench can count and control them. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
