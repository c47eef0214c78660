import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { AccountView } from '../../app/contract/accounts';
import type { Envelope, ResponseOf, TokenDockBridge } from '../../app/contract/channels';
import type { Channel, RequestOf } from '../../app/contract/schemas';
import {
  formatSelfTestReport,
  parseSelfTestReport,
  SELF_TEST_CHECKS,
  type SelfTestLine,
} from '../../app/host/self-test';
import type { TrayAction, TrayMenuItem } from '../../app/tray/menu';
import type { TestHooks } from '../../main/test-hooks';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { electronBinary } from './electron-binary';

/**
 * The desktop app end to end, in the real Electron binary: its own `--self-test` (every check
 * must pass), then launch, the hardened main window, "Try the sandbox", a sign-in through the
 * embedded window, copy, and a refresh from the tray's menu model. Talks to the app through
 * `window.tokendock` (the renderer's own bridge) so it does not depend on the UI's layout.
 */

const root = join(import.meta.dirname, '..', '..');
test.describe.configure({ mode: 'serial' });

/** Runs `<electron> <project> --self-test` and returns its exit code and report lines. */
function runSelfTest(
  executable: string,
): Promise<{ code: number | null; lines: SelfTestLine[]; output: string }> {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.TOKENDOCK_USER_DATA;
  const child = spawn(
    executable,
    [root, '--self-test', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) =>
      done({ code, lines: parseSelfTestReport(stdout), output: `${stdout}\n${stderr}` }),
    );
  });
}

/**
 * Checks of the desktop session rather than of TokenDock: on Linux without a session bus (a bare
 * xvfb-run), no tray host and no Secret Service keyring can exist. There they must still report,
 * with a reason; everywhere else they must pass like the rest.
 */
const DESKTOP_CHECKS = new Set(['tray-host', 'safe-storage']);
const noDesktopSession = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;

test.describe('TokenDock --self-test', () => {
  test('every check passes, the report is one JSON line per check, exit code 0', async () => {
    const binary = electronBinary();
    test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');
    if (!('path' in binary)) return;
    test.setTimeout(240_000);
    const run = await runSelfTest(binary.path);
    test
      .info()
      .annotations.push({ type: 'self-test report', description: formatSelfTestReport(run.lines) });
    expect(
      run.lines.map((line) => line.name),
      run.output,
    ).toEqual(SELF_TEST_CHECKS.map((check) => check.name));
    for (const line of run.lines) expect(line.detail.length, line.name).toBeGreaterThan(0);
    const failing = run.lines.filter(
      (line) => !line.ok && !(noDesktopSession && DESKTOP_CHECKS.has(line.name)),
    );
    expect(failing, 'every check of the self-test passes').toEqual([]);
    if (run.lines.every((line) => line.ok)) expect(run.code).toBe(0);
    else expect(run.code).toBe(1);
  });
});

test.describe('the app, driven through its window', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  let browserAccount: AccountView;
  let users: Array<{ username: string; password: string }>;
  let copied = '';

  function invoke<C extends Channel>(channel: C, request: RequestOf<C>) {
    return page.evaluate(
      ([c, r]) =>
        (window as unknown as { tokendock: TokenDockBridge }).tokendock.invoke(
          c as Channel,
          r as never,
        ),
      [channel, request] as const,
    ) as Promise<Envelope<ResponseOf<C>>>;
  }

  function value<T>(answer: Envelope<T>): T {
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value;
  }

  test.beforeAll(async () => {
    const binary = electronBinary();
    test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');
    if (!('path' in binary)) return;
    userData = await mkdtemp(join(tmpdir(), 'tokendock-e2e-'));
    app = await _electron.launch({
      executablePath: binary.path,
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        TOKENDOCK_USER_DATA: userData,
        TOKENDOCK_E2E: '1',
        ELECTRON_ENABLE_LOGGING: '1',
      },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  test('launches: the main window is shown, on app://tokendock, with only the bridge', async () => {
    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) =>
          BrowserWindow.getAllWindows().some((w) => w.isVisible() && !w.isDestroyed()),
        ),
      )
      .toBe(true);
    expect(page.url()).toBe('app://tokendock/index.html');
    const globals = await page.evaluate(() => ({
      bridge: typeof (window as unknown as { tokendock?: { invoke?: unknown } }).tokendock?.invoke,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });
    expect(value(await invoke('app:info', {}))).toMatchObject({ name: 'TokenDock' });
  });

  test('the main window cannot navigate away or open windows', async () => {
    await page.evaluate(() => {
      window.open('https://example.com/');
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://tokendock/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  test('adds the sandbox accounts', async () => {
    const result = value(await invoke('sandbox:try', {}));
    expect(result.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const found = result.added.find((a) => a.flow === 'authorization_code');
    expect(found).toBeDefined();
    browserAccount = found!;
    users = result.users;
    expect(value(await invoke('accounts:list', {})).length).toBe(result.added.length);
  });

  test('signs in through the embedded sign-in window', async () => {
    const opened = app.waitForEvent('window');
    const signIn = invoke('accounts:sign-in', { accountId: browserAccount.id });
    const signInPage = await opened;
    await signInPage.waitForLoadState('domcontentloaded');
    expect(new URL(signInPage.url()).hostname).toBe('127.0.0.1');
    // The sign-in window has no bridge: no preload, no IPC.
    expect(
      await signInPage.evaluate(() => typeof (window as { tokendock?: unknown }).tokendock),
    ).toBe('undefined');
    // The last click ends in the redirect: the window closes under Playwright, which may throw.
    // Whether the sign-in worked is what `signIn` answers.
    await signInAtSandbox(signInPage, users[0]!).catch(() => undefined);
    const account = value(await signIn);
    expect(account.state).toBe('valid');
    await expect.poll(() => app.windows().length).toBe(1);
  });

  test('copies a token to the clipboard', async () => {
    const target = browserAccount.targets[0]!;
    const result = value(
      await invoke('tokens:copy', {
        accountId: browserAccount.id,
        targetId: target.id,
        format: 'raw',
      }),
    );
    expect(result.expiresOn).toBeGreaterThan(Date.now());
    await expect
      .poll(
        async () => (copied = await app.evaluate(async ({ clipboard }) => clipboard.readText())),
      )
      .toMatch(/^eyJ/);
  });

  test('refreshes from the tray menu model, which shows no token', async () => {
    const model = await app.evaluate(() =>
      (
        globalThis as unknown as { __tokendockTestHooks: TestHooks }
      ).__tokendockTestHooks.trayModel(),
    );
    expect(JSON.stringify(model)).not.toContain(copied);
    const find = (items: TrayMenuItem[]): TrayAction | undefined => {
      for (const item of items) {
        if (item.kind === 'submenu') {
          const inner = find(item.items);
          if (inner) return inner;
        } else if (
          item.kind === 'item' &&
          item.action?.type === 'refresh' &&
          item.action.accountId === browserAccount.id
        )
          return item.action;
      }
      return undefined;
    };
    const action = find(model.items);
    expect(action).toBeDefined();
    const before = value(await invoke('accounts:list', {})).find((a) => a.id === browserAccount.id);
    const acquired = before?.targets[0]?.acquiredOn ?? 0;
    await app.evaluate(
      (_electron, { run }) =>
        (
          globalThis as unknown as { __tokendockTestHooks: TestHooks }
        ).__tokendockTestHooks.runTrayAction(run),
      { run: action! },
    );
    await expect
      .poll(async () => {
        const now = value(await invoke('accounts:list', {})).find(
          (a) => a.id === browserAccount.id,
        );
        return now?.targets[0]?.acquiredOn ?? 0;
      })
      .toBeGreaterThan(acquired);
  });
});
