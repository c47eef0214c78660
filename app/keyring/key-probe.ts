import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { PROBE_SCRIPT } from './probe-script';

/** What one look into the keyring found. */
export type ProbeOutcome =
  /** The vault key (32 bytes), read or just created. */
  | { kind: 'key'; key: Buffer; created: boolean }
  /** No keyring answers: no session bus, no Secret Service, no usable module. */
  | { kind: 'unavailable'; reason: string }
  /** A keyring answered but cannot give the key now: locked, access refused, no answer yet. */
  | { kind: 'locked'; reason: string }
  /** A key is there but cannot be used (not 32 bytes of base64, ambiguous, not text). */
  | { kind: 'damaged'; reason: string };

/** A probe's answer within its time limit, and, when the keyring is still thinking, the rest. */
export interface ProbeResult {
  outcome: ProbeOutcome;
  /**
   * Set when the keyring answered but the key had not come within the time limit (an unlock
   * prompt waiting for a person, a slow keyring): the final outcome, once the probe ends or is
   * given up (`locked`).
   */
  later?: Promise<ProbeOutcome>;
}

export interface ProbeOptions {
  service: string;
  account: string;
  /** How long the keyring may take to answer before the probe is judged. */
  timeoutMs: number;
  /** How long a keyring that answered may still take to give the key (a person at a prompt). */
  waitLimitMs: number;
}

const MESSAGE_LIMIT = 300;
/** How long the child may take to start Node and load the native module. */
const LOAD_LIMIT_MS = 30_000;
const STDERR_LIMIT = 2_000;
/** What `@napi-rs/keyring` (keyring-core) says for `NoStorageAccess`: locked, refused, dismissed. */
const NO_ACCESS = /^Couldn't access platform storage/;
/** keyring-core's `PlatformFailure`: the store could not be reached or failed during the call. */
const PLATFORM_FAILURE = /^Platform failure/;
/** 32 bytes in standard base64: 43 characters and one `=`. */
const KEY_TEXT = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/**
 * Reads (or, when the keyring has none, creates) the vault key in a child process, so that a
 * keyring that never answers cannot block this one: `@napi-rs/keyring` connects to the session
 * bus and opens a Secret Service session synchronously, even in `AsyncEntry`'s constructor, and a
 * bus that accepts the connection but never answers blocks that call forever. The child is killed
 * when nothing answered within `timeoutMs` of loading the module; when the keyring answered but the key has not come
 * (say an unlock prompt waits for a person), the outcome is `locked` and the child may go on for
 * `waitLimitMs` more (`later`). The child never keeps this process alive, and is killed when it
 * exits. The key comes back over a pipe, never through a file.
 */
export function probeKey(options: ProbeOptions): Promise<ProbeResult> {
  let modulePath: string;
  try {
    modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch (error) {
    return Promise.resolve({
      outcome: { kind: 'unavailable', reason: `@napi-rs/keyring is not installed: ${text(error)}` },
    });
  }
  return new Promise<ProbeResult>((resolveFirst) => {
    let connected = false;
    let judged = false;
    let resolveLater: ((outcome: ProbeOutcome) => void) | undefined;
    let stdout = '';
    let stderr = '';
    let final: ProbeOutcome | undefined;

    const child = spawn(
      process.execPath,
      ['--input-type=commonjs', '-e', PROBE_SCRIPT, modulePath, options.service, options.account],
      { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
    );
    const killChild = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', killChild);

    let waitTimer: NodeJS.Timeout | undefined;
    const settle = (outcome: ProbeOutcome): void => {
      if (final !== undefined) return;
      final = outcome;
      clearTimeout(timer);
      clearTimeout(waitTimer);
      if (!judged) {
        judged = true;
        resolveFirst({ outcome });
      } else {
        resolveLater?.(outcome);
      }
    };

    const judge = (): void => {
      if (final !== undefined) return;
      if (!connected) {
        killChild();
        settle({
          kind: 'unavailable',
          reason: `no keyring answered within ${options.timeoutMs} ms`,
        });
        return;
      }
      // The keyring is there but has not given the key yet: judge it locked now, keep listening.
      judged = true;
      const later = new Promise<ProbeOutcome>((resolve) => (resolveLater = resolve));
      resolveFirst({
        outcome: {
          kind: 'locked',
          reason: `the keyring answered but gave no key within ${options.timeoutMs} ms (an unlock prompt may be waiting)`,
        },
        later,
      });
      // From here on the probe must not keep the host alive.
      child.unref();
      unrefStream(child.stdout);
      unrefStream(child.stderr);
      waitTimer = setTimeout(() => {
        killChild();
        settle({
          kind: 'locked',
          reason: `the keyring gave no key within ${options.timeoutMs + options.waitLimitMs} ms`,
        });
      }, options.waitLimitMs);
      waitTimer.unref();
    };
    // The time limit counts from when the child has loaded the module (a slow start of Node on a
    // busy machine is not "no keyring"); starting and loading have a limit of their own.
    let timer = setTimeout(() => {
      killChild();
      settle({
        kind: 'unavailable',
        reason: `the keyring module did not load within ${LOAD_LIMIT_MS} ms`,
      });
    }, LOAD_LIMIT_MS);
    const loaded = (): void => {
      clearTimeout(timer);
      timer = setTimeout(judge, options.timeoutMs);
    };

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        const message = parseLine(line);
        if (message === undefined) continue;
        if (message.result === undefined && message.stage === 'loaded') loaded();
        else if (message.result === undefined && message.stage === 'connected') connected = true;
        else if (message.result !== undefined) settle(outcomeOf(message));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.slice(0, STDERR_LIMIT - stderr.length);
    });
    child.on('error', (error) => {
      settle({ kind: 'unavailable', reason: `the keyring probe could not start: ${text(error)}` });
    });
    child.on('close', (code, signal) => {
      process.removeListener('exit', killChild);
      const why = `the keyring probe ended (${signal ?? `exit ${code}`}) without an answer${
        stderr.trim() ? `: ${clip(stderr.trim())}` : ''
      }`;
      settle(connected ? { kind: 'locked', reason: why } : { kind: 'unavailable', reason: why });
    });
  });
}

interface ProbeMessage {
  stage?: string;
  result?: string;
  key?: unknown;
  created?: unknown;
  message?: unknown;
}

function parseLine(line: string): ProbeMessage | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as ProbeMessage) : undefined;
  } catch {
    return undefined;
  }
}

function outcomeOf(message: ProbeMessage): ProbeOutcome {
  if (message.result === 'found') {
    return typeof message.key === 'string'
      ? decodeKey(message.key, message.created === true)
      : { kind: 'damaged', reason: 'the keyring item holds no text' };
  }
  return classifyFailure(
    typeof message.stage === 'string' ? message.stage : 'unknown',
    typeof message.message === 'string' ? message.message : 'no message',
  );
}

/**
 * The vault key from the text kept in the keyring: exactly 32 bytes in standard base64, or
 * `damaged` (which never leads to a new key: the old one may only have been altered, and a new
 * one would orphan every sealed secret).
 */
export function decodeKey(stored: string, created: boolean): ProbeOutcome {
  if (!KEY_TEXT.test(stored)) {
    return {
      kind: 'damaged',
      reason: `the keyring item is not a 32-byte key in base64 (${stored.length} characters)`,
    };
  }
  return { kind: 'key', key: Buffer.from(stored, 'base64'), created };
}

/**
 * What a failure of the library at `stage` means (messages of keyring-core's errors, as
 * `@napi-rs/keyring` passes them on):
 * - `load`: the native module does not load here: no keyring;
 * - `connect`: `NoStorageAccess` is a store that refuses (locked); anything else (no session bus,
 *   no `org.freedesktop.secrets` on it) is no keyring;
 * - `read`: the store answered the connection, so `NoStorageAccess` (locked, prompt dismissed)
 *   and `PlatformFailure` (a D-Bus failure during the call) are "not now"; anything else
 *   (ambiguous, not UTF-8, invalid) is an item that exists but cannot be used: damaged;
 * - `create`: the keyring said there was no key but could not store one: not now.
 */
export function classifyFailure(stage: string, message: string): ProbeOutcome {
  const reason = `${stage}: ${clip(message)}`;
  switch (stage) {
    case 'load':
      return { kind: 'unavailable', reason };
    case 'connect':
      return NO_ACCESS.test(message) ? { kind: 'locked', reason } : { kind: 'unavailable', reason };
    case 'read':
      return NO_ACCESS.test(message) || PLATFORM_FAILURE.test(message)
        ? { kind: 'locked', reason }
        : { kind: 'damaged', reason };
    default:
      return { kind: 'locked', reason };
  }
}

function unrefStream(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}

function text(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error));
}

function clip(message: string): string {
  const line = message.replace(/\s+/g, ' ');
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT)}…` : line;
}
