import { basename, dirname, join, resolve } from 'node:path';
import type { AccountInput, AccountView } from '../contract/accounts';
import type { TrayStatus } from '../contract/channels';
import { decodeJwt } from '../contract/jwt';
import type { DecodedToken } from '../contract/tokens';
import type { SandboxProvider } from '../sandbox';
import { redactText } from './log-redaction';

/**
 * The desktop app's self-test (`TokenDock --self-test`), the part that needs no Electron: which
 * checks there are, in which order, what each needs, how a step's outcome becomes one report line,
 * how the facts the Electron side gathers are judged, and the exit code. `main/self-test.ts`
 * gathers the facts inside the real app.
 */

/** The command-line switch that turns a start into a self-test. */
export const SELF_TEST_ARG = '--self-test';

/** The self-test's temporary profile is a folder of the system's temp folder with this prefix. */
export const SELF_TEST_PROFILE_PREFIX = 'tokendock-self-test-';

/** Whether this start is a self-test. */
export function isSelfTestRun(argv: readonly string[]): boolean {
  return argv.includes(SELF_TEST_ARG);
}

/**
 * Every check, in the order it runs. `needs`: checks that must have passed first (else this one
 * is reported "not run"). `hint`: what to do when it fails, appended to the failing line; the
 * README's "Check an install" section says the same at more length.
 */
export const SELF_TEST_CHECKS = [
  {
    name: 'start',
    needs: [],
    timeoutMs: 5_000,
    hint: 'TokenDock could not start: see the error above; reinstall if it names a missing file.',
  },
  {
    name: 'profile',
    needs: ['start'],
    timeoutMs: 5_000,
    hint: 'The self-test refuses to run on a real profile; nothing was changed.',
  },
  {
    name: 'renderer',
    needs: ['start'],
    timeoutMs: 30_000,
    hint: 'The window could not load the app; the installation may be incomplete (reinstall).',
  },
  {
    name: 'ipc',
    needs: ['renderer'],
    timeoutMs: 15_000,
    hint: 'The window cannot reach the main process; the installation may be incomplete (reinstall).',
  },
  {
    name: 'safe-storage',
    needs: ['start'],
    timeoutMs: 20_000,
    hint:
      'Without a protected store TokenDock keeps refresh tokens in memory only (sign in again ' +
      'after each start). Linux: install and unlock a Secret Service keyring (gnome-keyring or ' +
      'KWallet); macOS: allow TokenDock in the Keychain prompt.',
  },
  {
    name: 'tray-host',
    needs: ['start'],
    timeoutMs: 10_000,
    hint:
      'TokenDock works without a tray. GNOME: install and enable the AppIndicator extension ' +
      '(gnome-shell-extension-appindicator), then log in again.',
  },
  {
    name: 'sandbox-sign-in',
    needs: ['profile'],
    timeoutMs: 60_000,
    hint:
      'TokenDock could not sign in to its own provider on 127.0.0.1: check that a firewall or ' +
      'proxy (TOKENDOCK_PROXY) lets loopback connections through.',
  },
  {
    name: 'copy',
    needs: ['sandbox-sign-in'],
    timeoutMs: 15_000,
    hint:
      'Copying to the clipboard did not work: on Linux, check that a clipboard is reachable ' +
      '(an X11 or Wayland session).',
  },
  {
    name: 'decode',
    needs: ['copy'],
    timeoutMs: 15_000,
    hint: 'The copied token is not the one TokenDock holds: please report this as a bug.',
  },
] as const satisfies readonly {
  name: string;
  needs: readonly string[];
  timeoutMs: number;
  hint: string;
}[];

export type SelfTestCheckName = (typeof SELF_TEST_CHECKS)[number]['name'];

/** One line of the report. */
export interface SelfTestLine {
  name: SelfTestCheckName;
  ok: boolean;
  detail: string;
}

/** What a step found. A step may also throw: that is a failure whose detail is the error. */
export interface StepOutcome {
  ok: boolean;
  detail: string;
}

export type SelfTestSteps = Partial<Record<SelfTestCheckName, () => Promise<StepOutcome>>>;

const MAX_DETAIL = 600;

/** One line of plain text, without anything shaped like a secret, of bounded length. */
export function cleanDetail(text: string): string {
  const single = redactText(text).replace(/\s+/g, ' ').trim();
  return single.length > MAX_DETAIL ? `${single.slice(0, MAX_DETAIL - 1)}…` : single;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Runs a step, turning a throw or a missed deadline into a failure. */
async function runStep(step: () => Promise<StepOutcome>, timeoutMs: number): Promise<StepOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<StepOutcome>((done) => {
    timer = setTimeout(
      () =>
        done({
          ok: false,
          detail: `no answer within ${timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 1_000)} s` : `${timeoutMs} ms`}`,
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(step)
        .catch((error: unknown) => ({ ok: false, detail: errorText(error) })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the checks in order and returns one line per check, always all of them: a check whose
 * prerequisite failed is "not run", a check without a step "has no step". Never throws.
 */
export async function runSelfTestChecks(
  steps: SelfTestSteps,
  options: {
    /** Overrides each check's deadline (tests). */
    timeoutMs?: number;
    /** Called with each line as soon as it is known. */
    onLine?: (line: SelfTestLine) => void;
  } = {},
): Promise<SelfTestLine[]> {
  const lines: SelfTestLine[] = [];
  const passed = new Set<string>();
  for (const check of SELF_TEST_CHECKS) {
    const step = steps[check.name];
    const missing = check.needs.filter((need) => !passed.has(need));
    let outcome: StepOutcome;
    if (missing.length > 0)
      outcome = { ok: false, detail: `not run: needs ${missing.join(', ')}, which did not pass` };
    else if (!step) outcome = { ok: false, detail: 'not run: this build has no step for it' };
    else {
      const result = await runStep(step, options.timeoutMs ?? check.timeoutMs);
      outcome = result.ok ? result : { ok: false, detail: `${result.detail}. ${check.hint}` };
    }
    const line = { name: check.name, ok: outcome.ok, detail: cleanDetail(outcome.detail) };
    if (line.ok) passed.add(check.name);
    lines.push(line);
    options.onLine?.(line);
  }
  return lines;
}

/** The report for a start that failed before the checks could run. */
export function startFailureReport(error: unknown): SelfTestLine[] {
  return SELF_TEST_CHECKS.map((check, index) =>
    index === 0
      ? {
          name: check.name,
          ok: false,
          detail: cleanDetail(`${errorText(error)}. ${check.hint}`),
        }
      : { name: check.name, ok: false, detail: 'not run: needs start, which did not pass' },
  );
}

/** The report as printed: one JSON object per line (`name`, `ok`, `detail`). */
export function formatSelfTestReport(lines: readonly SelfTestLine[]): string {
  return lines
    .map((line) => JSON.stringify({ name: line.name, ok: line.ok, detail: line.detail }))
    .join('\n')
    .concat('\n');
}

const CHECK_NAMES: ReadonlySet<string> = new Set(SELF_TEST_CHECKS.map((c) => c.name));

/** The report lines of a process's output; everything else (Chromium's own logging) is ignored. */
export function parseSelfTestReport(output: string): SelfTestLine[] {
  const lines: SelfTestLine[] = [];
  for (const text of output.split(/\r?\n/)) {
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      if (
        typeof value.name === 'string' &&
        CHECK_NAMES.has(value.name) &&
        typeof value.ok === 'boolean' &&
        typeof value.detail === 'string'
      )
        lines.push({ name: value.name as SelfTestCheckName, ok: value.ok, detail: value.detail });
    } catch {
      // not a report line
    }
  }
  return lines;
}

/** 0 when every check is in the report and passed, else 1. */
export function selfTestExitCode(lines: readonly SelfTestLine[]): 0 | 1 {
  const passed = new Set(lines.filter((line) => line.ok).map((line) => line.name));
  return SELF_TEST_CHECKS.every((check) => passed.has(check.name)) ? 0 : 1;
}

/** One sentence for people: "self-test: all 9 checks passed" or which failed. */
export function summarizeSelfTest(lines: readonly SelfTestLine[]): string {
  const seen = new Map(lines.map((line) => [line.name, line.ok]));
  const failed = SELF_TEST_CHECKS.map((c) => c.name).filter((name) => seen.get(name) !== true);
  if (failed.length === 0) return `self-test: all ${SELF_TEST_CHECKS.length} checks passed`;
  return `self-test: ${failed.length} of ${SELF_TEST_CHECKS.length} checks did not pass: ${failed.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Judgements of what the Electron side found.

/**
 * Whether `userData` is a self-test profile: a folder directly inside the temp folder whose name
 * has the self-test prefix. Only such a folder is used for the checks, and removed afterwards.
 */
export function isSelfTestProfile(userData: string, tempRoot: string): boolean {
  const folder = resolve(userData);
  return (
    dirname(folder) === resolve(tempRoot) &&
    basename(folder).startsWith(SELF_TEST_PROFILE_PREFIX) &&
    basename(folder).length > SELF_TEST_PROFILE_PREFIX.length
  );
}

export function judgeProfile(input: { userData: string; tempRoot: string }): StepOutcome {
  return isSelfTestProfile(input.userData, input.tempRoot)
    ? { ok: true, detail: `a temporary profile in ${input.userData}, removed at the end` }
    : {
        ok: false,
        detail:
          `the app's data folder is ${input.userData}, not a temporary profile ` +
          `(${join(input.tempRoot, `${SELF_TEST_PROFILE_PREFIX}…`)}); the sign-in checks were not run`,
      };
}

export function judgeRenderer(input: {
  url: string;
  rendered: boolean;
  bridge: boolean;
  visible: boolean;
  ms: number;
  expectedUrl: string;
}): StepOutcome {
  const problems: string[] = [];
  if (input.url !== input.expectedUrl)
    problems.push(`the window shows ${input.url || 'nothing'}, not ${input.expectedUrl}`);
  if (!input.bridge) problems.push('window.tokendock is missing (the preload did not run)');
  if (!input.rendered) problems.push('the UI did not render');
  if (input.visible) problems.push('the window was shown although the self-test starts hidden');
  if (problems.length > 0) return { ok: false, detail: problems.join('; ') };
  return {
    ok: true,
    detail: `${input.url} loaded and rendered in a hidden window in ${input.ms} ms`,
  };
}

export function judgeIpc(input: {
  answer: unknown;
  expectedName: string;
  ms: number;
}): StepOutcome {
  const answer = input.answer as
    | { ok?: unknown; value?: { name?: unknown; version?: unknown }; error?: { message?: unknown } }
    | undefined;
  if (!answer || typeof answer !== 'object')
    return { ok: false, detail: `app:info answered ${JSON.stringify(answer)}` };
  if (answer.ok !== true)
    return {
      ok: false,
      detail: `app:info was refused: ${String(answer.error?.message ?? 'no reason given')}`,
    };
  if (answer.value?.name !== input.expectedName)
    return {
      ok: false,
      detail: `app:info named ${JSON.stringify(answer.value?.name)}, not ${input.expectedName}`,
    };
  return {
    ok: true,
    detail: `window.tokendock → main → window in ${input.ms} ms (app:info: ${input.expectedName} ${String(answer.value.version)})`,
  };
}

export function judgeSafeStorage(input: {
  platform: string;
  encryptionAvailable: boolean;
  backend: string;
  isProtected: boolean;
  /** `true` when a test value was encrypted and decrypted back, else what went wrong. */
  roundTrip: true | string;
}): StepOutcome {
  if (!input.encryptionAvailable)
    return {
      ok: false,
      detail:
        input.platform === 'linux'
          ? 'encryption is not available: no Secret Service keyring (or it is locked)'
          : 'encryption is not available',
    };
  if (input.roundTrip !== true)
    return {
      ok: false,
      detail: `${input.backend}: a test value could not be encrypted and decrypted back (${input.roundTrip})`,
    };
  if (!input.isProtected)
    return {
      ok: false,
      detail: `${input.backend}: secrets would be encrypted with a fixed key, which protects nothing`,
    };
  return { ok: true, detail: `${input.backend}: a test value was encrypted and decrypted back` };
}

/**
 * Whether the tray icon can be seen: the app made its `Tray`, and the platform has a tray to show
 * it in (on Linux, a StatusNotifierItem host; the app's own detection, `app/tray/host.ts`).
 */
export function judgeTrayHost(input: {
  platform: string;
  trayCreated: boolean;
  status: TrayStatus;
}): StepOutcome {
  if (!input.trayCreated)
    return { ok: false, detail: 'the tray icon could not be created (see the log)' };
  if (!input.status.available)
    return { ok: false, detail: input.status.reason ?? 'no tray icon can be seen here' };
  if (input.platform === 'darwin') return { ok: true, detail: 'the menu bar (macOS)' };
  if (input.platform === 'win32') return { ok: true, detail: 'the notification area (Windows)' };
  return {
    ok: true,
    detail: 'a StatusNotifierItem host (org.kde.StatusNotifierWatcher) is on the session bus',
  };
}

/** The client-credentials account the self-test signs in with (the sandbox's secret daemon). */
export function selfTestAccount(
  sandbox: Pick<SandboxProvider, 'clients' | 'resources'>,
): AccountInput {
  return {
    name: 'Self-test · daemon (secret)',
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: sandbox.clients.daemon.clientId,
    clientAuth: { kind: 'secret', method: 'client_secret_basic' },
    clientSecret: sandbox.clients.daemon.clientSecret,
    targets: [
      {
        label: 'Sandbox API',
        target: { kind: 'resource', resource: sandbox.resources.api.identifier },
      },
    ],
  };
}

export function judgeSignIn(input: {
  account: Pick<AccountView, 'state' | 'targets'>;
  issuer: string;
  now: number;
}): StepOutcome {
  const target = input.account.targets[0];
  if (input.account.state !== 'valid' || !target || target.state !== 'valid')
    return {
      ok: false,
      detail: `the account is ${input.account.state}${target?.lastError ? ` (${target.lastError.code}: ${target.lastError.message})` : ''}`,
    };
  const seconds = Math.round(((target.expiresOn ?? 0) - input.now) / 1000);
  if (seconds <= 0) return { ok: false, detail: 'signed in, but the token has already expired' };
  return {
    ok: true,
    detail: `client credentials at ${input.issuer}: a token valid for ${seconds} s`,
  };
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether the clipboard holds the copied access token: a JWT whose `exp` is the copy's expiry. */
export function judgeCopiedToken(input: { clipboard: string; expiresOn: number }): StepOutcome {
  const text = input.clipboard;
  if (text === '') return { ok: false, detail: 'the clipboard is empty after copying' };
  if (!JWT_SHAPE.test(text))
    return {
      ok: false,
      detail: `the clipboard holds ${text.length} characters that are not a JWT`,
    };
  const exp = decodeJwt(text)?.claims.exp;
  if (typeof exp !== 'number')
    return { ok: false, detail: 'the clipboard holds a JWT without an exp claim' };
  if (Math.abs(exp * 1000 - input.expiresOn) > 5_000)
    return {
      ok: false,
      detail: `the clipboard holds a JWT expiring at ${new Date(exp * 1000).toISOString()}, not at ${new Date(input.expiresOn).toISOString()} as copied`,
    };
  return {
    ok: true,
    detail: `the clipboard holds the access token (a JWT of ${text.length} characters); the clipboard was restored afterwards`,
  };
}

/** Whether the engine's decoding of the token agrees with decoding the copied text here. */
export function judgeDecodedToken(input: {
  copied: string;
  decoded: DecodedToken;
  issuer: string;
  now: number;
}): StepOutcome {
  const local = decodeJwt(input.copied);
  if (!local) return { ok: false, detail: 'the copied token does not decode as a JWT' };
  if (input.decoded.kind !== 'jwt')
    return { ok: false, detail: 'tokens:decode says the token is opaque, but it is a JWT' };
  if (!sameClaims(local.claims, input.decoded.claims))
    return { ok: false, detail: 'tokens:decode shows other claims than the copied token has' };
  const { iss, aud, exp } = local.claims;
  if (iss !== input.issuer)
    return {
      ok: false,
      detail: `iss is ${JSON.stringify(iss)}, not the sandbox (${input.issuer})`,
    };
  if (typeof exp !== 'number' || exp * 1000 <= input.now)
    return { ok: false, detail: 'the token has no exp claim or has expired' };
  return {
    ok: true,
    detail: `iss ${String(iss)}, aud ${Array.isArray(aud) ? aud.join(' ') : String(aud)}, alg ${String(local.header.alg)}, expires in ${Math.round(exp - input.now / 1000)} s; tokens:decode agrees`,
  };
}

/** The engine shows time claims (`exp`, `iat`…) as ISO dates; everything else as it is. */
function sameClaims(raw: Record<string, unknown>, shown: Record<string, unknown>): boolean {
  const names = Object.keys(raw);
  if (names.length !== Object.keys(shown).length) return false;
  return names.every((name) => {
    const value = raw[name];
    const other = shown[name];
    if (JSON.stringify(value) === JSON.stringify(other)) return true;
    return typeof value === 'number' && other === new Date(value * 1000).toISOString();
  });
}
