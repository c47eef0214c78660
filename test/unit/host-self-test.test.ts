import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanDetail,
  formatSelfTestReport,
  isSelfTestProfile,
  isSelfTestRun,
  judgeCopiedToken,
  judgeDecodedToken,
  judgeIpc,
  judgeProfile,
  judgeRenderer,
  judgeSafeStorage,
  judgeSignIn,
  judgeTrayHost,
  parseSelfTestReport,
  runSelfTestChecks,
  SELF_TEST_CHECKS,
  selfTestExitCode,
  startFailureReport,
  summarizeSelfTest,
  type SelfTestCheckName,
  type SelfTestSteps,
  type StepOutcome,
} from '../../app/host/self-test';

/**
 * The self-test's decisions without Electron (`app/host/self-test.ts`): the checks and their
 * order, what a failing, throwing or hanging step becomes, the report format and exit code, and
 * the judgements of what the Electron side finds. `main-self-test.test.ts` runs the Electron side.
 */

const NAMES = SELF_TEST_CHECKS.map((c) => c.name);
const hint = (name: SelfTestCheckName) => SELF_TEST_CHECKS.find((c) => c.name === name)!.hint;

/** A step for every check that passes with "<name> fine", with some replaced. */
function steps(overrides: SelfTestSteps = {}): SelfTestSteps {
  const all: SelfTestSteps = {};
  for (const name of NAMES) all[name] = async () => ({ ok: true, detail: `${name} fine` });
  return { ...all, ...overrides };
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256' }) =>
  `${segment(header)}.${segment(claims)}.c2lnbmF0dXJl`;

describe('the checks', () => {
  it('are the ones the issue asks for, in order, each needing only earlier checks', () => {
    expect(NAMES).toEqual([
      'start',
      'profile',
      'renderer',
      'ipc',
      'safe-storage',
      'tray-host',
      'sandbox-sign-in',
      'copy',
      'decode',
    ]);
    SELF_TEST_CHECKS.forEach((check, index) => {
      for (const need of check.needs) expect(NAMES.slice(0, index)).toContain(need);
    });
  });

  it('never sign in on a profile that is not the temporary one', () => {
    const needsOf = (name: string): string[] => {
      const check = SELF_TEST_CHECKS.find((c) => c.name === name)!;
      return check.needs.flatMap((need) => [need, ...needsOf(need)]);
    };
    for (const name of ['sandbox-sign-in', 'copy', 'decode'])
      expect(needsOf(name)).toContain('profile');
  });

  it('run only with --self-test', () => {
    expect(isSelfTestRun(['/opt/TokenDock/tokendock', '--self-test'])).toBe(true);
    expect(isSelfTestRun(['/opt/TokenDock/tokendock', '--hidden'])).toBe(false);
    expect(isSelfTestRun(['/opt/TokenDock/tokendock', '--self-test=no'])).toBe(false);
  });
});

describe('runSelfTestChecks', () => {
  it('all passing: one ok line per check, in order, exit code 0', async () => {
    const seen: string[] = [];
    const lines = await runSelfTestChecks(steps(), { onLine: (line) => seen.push(line.name) });
    expect(lines).toEqual(NAMES.map((name) => ({ name, ok: true, detail: `${name} fine` })));
    expect(seen).toEqual(NAMES);
    expect(selfTestExitCode(lines)).toBe(0);
    expect(summarizeSelfTest(lines)).toBe('self-test: all 9 checks passed');
  });

  it('a step that throws fails with its message and the hint; what needs it is not run, the rest runs', async () => {
    let decodeRan = false;
    let trayRan = false;
    const lines = await runSelfTestChecks(
      steps({
        'sandbox-sign-in': async () => {
          throw new Error(
            'accounts:sign-in: discovery_failed: connect ECONNREFUSED 127.0.0.1:4000',
          );
        },
        'tray-host': async () => {
          trayRan = true;
          return { ok: true, detail: 'tray' };
        },
        decode: async () => {
          decodeRan = true;
          return { ok: true, detail: 'decoded' };
        },
      }),
    );
    const byName = Object.fromEntries(lines.map((line) => [line.name, line]));
    expect(byName['sandbox-sign-in']).toEqual({
      name: 'sandbox-sign-in',
      ok: false,
      detail: `accounts:sign-in: discovery_failed: connect ECONNREFUSED 127.0.0.1:4000. ${hint('sandbox-sign-in')}`,
    });
    expect(byName.copy).toEqual({
      name: 'copy',
      ok: false,
      detail: 'not run: needs sandbox-sign-in, which did not pass',
    });
    expect(byName.decode).toEqual({
      name: 'decode',
      ok: false,
      detail: 'not run: needs copy, which did not pass',
    });
    expect(decodeRan).toBe(false);
    expect(trayRan).toBe(true);
    expect(byName['tray-host']!.ok).toBe(true);
    expect(selfTestExitCode(lines)).toBe(1);
    expect(summarizeSelfTest(lines)).toBe(
      'self-test: 3 of 9 checks did not pass: sandbox-sign-in, copy, decode',
    );
  });

  it('a step that answers "not ok" fails with its detail and the hint', async () => {
    const lines = await runSelfTestChecks(
      steps({ 'safe-storage': async () => ({ ok: false, detail: 'basic_text: no keyring' }) }),
    );
    expect(lines.find((l) => l.name === 'safe-storage')).toEqual({
      name: 'safe-storage',
      ok: false,
      detail: `basic_text: no keyring. ${hint('safe-storage')}`,
    });
    expect(lines.filter((l) => !l.ok)).toHaveLength(1);
    expect(selfTestExitCode(lines)).toBe(1);
  });

  it('a step that never answers fails at its deadline, and the checks go on', async () => {
    const lines = await runSelfTestChecks(
      steps({ renderer: () => new Promise<StepOutcome>(() => undefined) }),
      { timeoutMs: 30 },
    );
    expect(lines.find((l) => l.name === 'renderer')!.detail).toMatch(/^no answer within 30 ms\. /);
    expect(lines.find((l) => l.name === 'ipc')!.detail).toBe(
      'not run: needs renderer, which did not pass',
    );
    expect(lines.find((l) => l.name === 'decode')!.ok).toBe(true);
  });

  it('a step that throws synchronously or throws a non-Error still gives a line', async () => {
    const lines = await runSelfTestChecks(
      steps({
        profile: (() => {
          throw new Error('boom');
        }) as () => Promise<StepOutcome>,
        renderer: async () => {
          throw 'a string';
        },
      }),
    );
    expect(lines.find((l) => l.name === 'profile')!.detail).toMatch(/^boom\. /);
    expect(lines.find((l) => l.name === 'renderer')!.detail).toMatch(/^a string\. /);
    expect(lines).toHaveLength(9);
  });

  it('a check without a step is reported, not skipped silently', async () => {
    const all = steps();
    delete all['tray-host'];
    const lines = await runSelfTestChecks(all);
    expect(lines.find((l) => l.name === 'tray-host')).toEqual({
      name: 'tray-host',
      ok: false,
      detail: 'not run: this build has no step for it',
    });
  });

  it('details are one line, bounded, and never carry a token or a credential', async () => {
    const token = jwt({ sub: 'x', exp: 1 });
    const lines = await runSelfTestChecks(
      steps({
        copy: async () => {
          throw new Error(`clipboard held ${token}\nand\tAuthorization: Bearer abcdefgh12345678`);
        },
        decode: async () => ({ ok: true, detail: 'x'.repeat(5_000) }),
      }),
    );
    const copy = lines.find((l) => l.name === 'copy')!.detail;
    expect(copy).not.toContain(token);
    expect(copy).not.toContain('abcdefgh12345678');
    expect(copy).toContain('[redacted]');
    expect(copy).not.toMatch(/[\n\t]/);
    expect(cleanDetail('x'.repeat(5_000)).length).toBeLessThanOrEqual(600);
  });
});

describe('the report', () => {
  it('is one JSON object per line with name, ok and detail, and reads back', async () => {
    const lines = await runSelfTestChecks(
      steps({ ipc: async () => ({ ok: false, detail: 'refused "app:info"' }) }),
    );
    const text = formatSelfTestReport(lines);
    const rows = text.trimEnd().split('\n');
    expect(rows).toHaveLength(9);
    for (const row of rows)
      expect(Object.keys(JSON.parse(row) as object)).toEqual(['name', 'ok', 'detail']);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseSelfTestReport(text)).toEqual(lines);
  });

  it('is found among Chromium noise; a report missing a check does not pass', () => {
    const lines = NAMES.map((name) => ({ name, ok: true, detail: 'fine' }));
    const noisy = [
      '[1234:ERROR:gpu_init.cc(523)] Passthrough is not supported',
      '{"name":"start","ok":true,"detail":"fine"}',
      '{not json',
      '{"name":"unknown-check","ok":true,"detail":"?"}',
      '{"name":"ipc","ok":"yes","detail":"wrong type"}',
      ...formatSelfTestReport(lines.slice(1)).trimEnd().split('\n'),
    ].join('\r\n');
    const parsed = parseSelfTestReport(noisy);
    expect(parsed.map((l) => l.name)).toEqual(NAMES);
    expect(selfTestExitCode(parsed)).toBe(0);
    expect(selfTestExitCode(parsed.slice(0, 8))).toBe(1);
    expect(summarizeSelfTest(parsed.slice(0, 8))).toBe(
      'self-test: 1 of 9 checks did not pass: decode',
    );
    expect(selfTestExitCode([])).toBe(1);
  });

  it('a start that failed: the first line says why, every other line is not run, exit 1', () => {
    const lines = startFailureReport(new Error('Cannot find module out/renderer'));
    expect(lines.map((l) => l.name)).toEqual(NAMES);
    expect(lines[0]).toEqual({
      name: 'start',
      ok: false,
      detail: `Cannot find module out/renderer. ${hint('start')}`,
    });
    expect(lines.slice(1).every((l) => !l.ok && l.detail.startsWith('not run'))).toBe(true);
    expect(selfTestExitCode(lines)).toBe(1);
  });
});

describe('the temporary profile', () => {
  const tmp = '/tmp';
  it('is a prefixed folder directly in the temp folder, nothing else', () => {
    expect(isSelfTestProfile('/tmp/tokendock-self-test-a1B2c3', tmp)).toBe(true);
    expect(isSelfTestProfile('/tmp/tokendock-self-test-a1B2c3/', '/tmp/')).toBe(true);
    expect(isSelfTestProfile('/tmp', tmp)).toBe(false);
    expect(isSelfTestProfile('/tmp/tokendock-self-test-', tmp)).toBe(false);
    expect(isSelfTestProfile('/tmp/other/tokendock-self-test-a1', tmp)).toBe(false);
    expect(isSelfTestProfile('/tmp/tokendock-self-test-a1/..', tmp)).toBe(false);
    expect(isSelfTestProfile('/home/ada/.config/TokenDock', tmp)).toBe(false);
    expect(isSelfTestProfile('/var/tmp/tokendock-self-test-a1', tmp)).toBe(false);
  });

  it('judged: a real profile fails and says so', () => {
    expect(judgeProfile({ userData: '/tmp/tokendock-self-test-x', tempRoot: tmp })).toEqual({
      ok: true,
      detail: 'a temporary profile in /tmp/tokendock-self-test-x, removed at the end',
    });
    const real = judgeProfile({ userData: '/home/ada/.config/TokenDock', tempRoot: tmp });
    expect(real.ok).toBe(false);
    expect(real.detail).toContain('/home/ada/.config/TokenDock, not a temporary profile');
  });
});

describe('judgements', () => {
  it('renderer: the app page, rendered, with the bridge, hidden', () => {
    const good = {
      url: 'app://tokendock/index.html',
      expectedUrl: 'app://tokendock/index.html',
      rendered: true,
      bridge: true,
      visible: false,
      ms: 420,
    };
    expect(judgeRenderer(good)).toEqual({
      ok: true,
      detail: 'app://tokendock/index.html loaded and rendered in a hidden window in 420 ms',
    });
    const bad = judgeRenderer({ ...good, url: '', rendered: false, bridge: false, visible: true });
    expect(bad.ok).toBe(false);
    expect(bad.detail).toBe(
      'the window shows nothing, not app://tokendock/index.html; window.tokendock is missing ' +
        '(the preload did not run); the UI did not render; the window was shown although the ' +
        'self-test starts hidden',
    );
  });

  it('ipc: an ok app:info naming the app', () => {
    const ms = 12;
    expect(
      judgeIpc({
        answer: { ok: true, value: { name: 'TokenDock', version: '0.1.0' } },
        expectedName: 'TokenDock',
        ms,
      }),
    ).toEqual({
      ok: true,
      detail: 'window.tokendock → main → window in 12 ms (app:info: TokenDock 0.1.0)',
    });
    expect(
      judgeIpc({
        answer: { ok: false, error: { code: 'invalid_request', message: 'sender refused' } },
        expectedName: 'TokenDock',
        ms,
      }),
    ).toEqual({ ok: false, detail: 'app:info was refused: sender refused' });
    expect(judgeIpc({ answer: undefined, expectedName: 'TokenDock', ms }).ok).toBe(false);
    expect(
      judgeIpc({ answer: { ok: true, value: { name: 'Electron' } }, expectedName: 'TokenDock', ms })
        .detail,
    ).toBe('app:info named "Electron", not TokenDock');
  });

  it('safe-storage: protected and working passes; unavailable, basic_text or a failed round trip fail', () => {
    const base = {
      platform: 'linux',
      encryptionAvailable: true,
      isProtected: true,
      roundTrip: true as const,
    };
    expect(judgeSafeStorage({ ...base, backend: 'gnome_libsecret' })).toEqual({
      ok: true,
      detail: 'gnome_libsecret: a test value was encrypted and decrypted back',
    });
    expect(judgeSafeStorage({ ...base, platform: 'darwin', backend: 'keychain' }).ok).toBe(true);
    expect(judgeSafeStorage({ ...base, backend: 'basic_text', isProtected: false })).toEqual({
      ok: false,
      detail: 'basic_text: secrets would be encrypted with a fixed key, which protects nothing',
    });
    expect(
      judgeSafeStorage({
        ...base,
        encryptionAvailable: false,
        isProtected: false,
        backend: 'unavailable',
      }).detail,
    ).toBe('encryption is not available: no Secret Service keyring (or it is locked)');
    expect(
      judgeSafeStorage({
        ...base,
        backend: 'keychain',
        platform: 'darwin',
        roundTrip: 'User canceled',
      }),
    ).toEqual({
      ok: false,
      detail: 'keychain: a test value could not be encrypted and decrypted back (User canceled)',
    });
  });

  it('tray-host: the tray was made and the app found a place to show it', () => {
    const here = { available: true };
    expect(judgeTrayHost({ platform: 'darwin', trayCreated: true, status: here })).toEqual({
      ok: true,
      detail: 'the menu bar (macOS)',
    });
    expect(judgeTrayHost({ platform: 'win32', trayCreated: true, status: here }).ok).toBe(true);
    expect(judgeTrayHost({ platform: 'linux', trayCreated: true, status: here }).detail).toContain(
      'org.kde.StatusNotifierWatcher',
    );
    expect(judgeTrayHost({ platform: 'win32', trayCreated: false, status: here })).toEqual({
      ok: false,
      detail: 'the tray icon could not be created (see the log)',
    });
    const gnome = { available: false, reason: 'No tray icon: this desktop shows no icons.' };
    expect(judgeTrayHost({ platform: 'linux', trayCreated: true, status: gnome })).toEqual({
      ok: false,
      detail: 'No tray icon: this desktop shows no icons.',
    });
  });

  it('sign-in: a valid account with an unexpired token', () => {
    const now = 1_000_000;
    const valid = {
      state: 'valid' as const,
      targets: [
        {
          id: 't',
          label: 'API',
          target: { kind: 'resource' as const, resource: 'api' },
          state: 'valid' as const,
          expiresOn: now + 3_600_000,
        },
      ],
    };
    expect(judgeSignIn({ account: valid, issuer: 'http://127.0.0.1:4000', now })).toEqual({
      ok: true,
      detail: 'client credentials at http://127.0.0.1:4000: a token valid for 3600 s',
    });
    const failed = {
      state: 'error' as const,
      targets: [
        {
          ...valid.targets[0]!,
          state: 'error' as const,
          lastError: { code: 'invalid_client' as const, message: 'Client authentication failed.' },
        },
      ],
    };
    expect(judgeSignIn({ account: failed, issuer: 'x', now })).toEqual({
      ok: false,
      detail: 'the account is error (invalid_client: Client authentication failed.)',
    });
  });

  it('copy: the clipboard holds a JWT expiring when the copy said, and the detail shows no token', () => {
    const expiresOn = 1_900_000_000_000;
    const token = jwt({ exp: expiresOn / 1000 });
    const good = judgeCopiedToken({ clipboard: token, expiresOn });
    expect(good.ok).toBe(true);
    expect(good.detail).not.toContain(token);
    expect(judgeCopiedToken({ clipboard: '', expiresOn }).detail).toBe(
      'the clipboard is empty after copying',
    );
    expect(judgeCopiedToken({ clipboard: 'what the person had copied', expiresOn }).ok).toBe(false);
    expect(
      judgeCopiedToken({ clipboard: jwt({ exp: expiresOn / 1000 - 600 }), expiresOn }).ok,
    ).toBe(false);
    expect(judgeCopiedToken({ clipboard: jwt({ sub: 'no exp' }), expiresOn }).detail).toBe(
      'the clipboard holds a JWT without an exp claim',
    );
  });

  it('decode: the engine agrees with the copied text, the issuer is the sandbox, not expired', () => {
    const now = 1_900_000_000_000;
    const claims = {
      iss: 'http://127.0.0.1:4000',
      aud: 'api://tokendock-sandbox',
      exp: now / 1000 + 3600,
    };
    const copied = jwt(claims, { alg: 'RS256', kid: 'k' });
    // The engine shows time claims as ISO dates.
    const shown = { ...claims, exp: new Date(claims.exp * 1000).toISOString() };
    const decoded = { kind: 'jwt' as const, header: { alg: 'RS256', kid: 'k' }, claims: shown };
    expect(judgeDecodedToken({ copied, decoded, issuer: claims.iss, now })).toEqual({
      ok: true,
      detail:
        'iss http://127.0.0.1:4000, aud api://tokendock-sandbox, alg RS256, expires in 3600 s; tokens:decode agrees',
    });
    expect(
      judgeDecodedToken({
        copied,
        decoded: { ...decoded, claims: { ...shown, aud: 'api://other' } },
        issuer: claims.iss,
        now,
      }).detail,
    ).toBe('tokens:decode shows other claims than the copied token has');
    expect(
      judgeDecodedToken({
        copied,
        decoded: { kind: 'opaque', length: 10 },
        issuer: claims.iss,
        now,
      }).ok,
    ).toBe(false);
    expect(judgeDecodedToken({ copied, decoded, issuer: 'http://127.0.0.1:5000', now }).ok).toBe(
      false,
    );
    expect(
      judgeDecodedToken({ copied, decoded, issuer: claims.iss, now: now + 7_200_000 }).ok,
    ).toBe(false);
    expect(judgeDecodedToken({ copied: 'opaque', decoded, issuer: claims.iss, now }).ok).toBe(
      false,
    );
  });
});

describe('the README', () => {
  it('"Check an install" explains every check by name', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('## Check an install');
    expect(start).toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    for (const name of NAMES) expect(section).toContain(`\`${name}\``);
  });
});
