import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../app/contract/accounts';
import type { Envelope } from '../../app/contract/channels';
import { CHANNELS } from '../../app/contract/schemas';
import type { TrayModel } from '../../app/tray/menu';
import { FakeBrowserWindow, recorded } from '../electron/fake-electron';
import {
  expectPage,
  expectRedirect,
  formWithButton,
  parseForms,
  PlainHttpBrowser,
  signInAndConsent,
} from '../support/sandbox-browser';
import type { DeviceCodePrompt } from '../../app/contract/tokens';

/**
 * The composition root (main/index.ts → main/desktop.ts) run under plain Node against a fake
 * `electron` module: the real engine, vault, dispatcher, IPC handlers, protocol handler, tray
 * model and sign-in window logic, with the sandbox provider started on demand. What only a real
 * Electron run can show (rendering, native menus, safeStorage) is in test/electron.
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);
vi.mock('electron-store', () => ({
  default: class {
    private readonly data = new Map<string, unknown>();
    get(key: string) {
      return this.data.get(key);
    }
    set(key: string, value: unknown) {
      this.data.set(key, value);
    }
  },
}));

let userData: string;
let main: FakeBrowserWindow;
let issuer = '';
let users: Array<{ username: string; password: string }> = [];

async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function call(
  channel: string,
  payload: unknown,
  sender: { id: number; url: string | undefined; top?: boolean } = {
    id: main.webContents.id,
    url: 'app://tokendock/index.html',
  },
): Promise<Envelope<unknown>> {
  const handler = recorded.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const frame =
    sender.url === undefined ? null : { url: sender.url, parent: sender.top === false ? {} : null };
  return handler({ sender: { id: sender.id }, senderFrame: frame }, payload) as Promise<
    Envelope<unknown>
  >;
}

function ok<T>(answer: Envelope<unknown>): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'tokendock-main-'));
  process.env.TOKENDOCK_USER_DATA = userData;
  await import('../../main/index');
  main = await until(() => FakeBrowserWindow.all[0]);
  await until(() => recorded.trays[0]);
});

afterAll(async () => {
  const { fakeElectron } = await import('../electron/fake-electron');
  if (!quitted) {
    const ended = new Promise((resolve) => fakeElectron.app.once('quit', resolve));
    fakeElectron.app.quit();
    await ended;
  }
  delete process.env.TOKENDOCK_USER_DATA;
  await rm(userData, { recursive: true, force: true });
});

let quitted = false;

describe('the composition root under a fake Electron', () => {
  it('registers app:// as a standard, secure scheme and serves the bundle with a CSP', async () => {
    expect(recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const serve = recorded.protocolHandlers.get('app')!;
    const page = await serve(new Request('app://tokendock/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<div id="root">');
    const escape = await serve(new Request('app://tokendock/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(400);
    expect(escape.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('opens the main window hardened, with the preload, on app://tokendock', () => {
    const prefs = main.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(main.webContents.loaded).toEqual(['app://tokendock/index.html']);
    main.fire('ready-to-show');
    expect(main.visible).toBe(true);
  });

  it('keeps the main window on its origin and sends https links to the browser', async () => {
    expect(
      main.webContents.fire('will-navigate', { url: 'https://evil.test/' }).defaultPrevented,
    ).toBe(true);
    expect(
      main.webContents.fire('will-navigate', { url: 'app://tokendock/index.html#x' })
        .defaultPrevented,
    ).toBe(false);
    expect(main.webContents.windowOpenHandler?.({ url: 'https://learn.microsoft.com/' })).toEqual({
      action: 'deny',
    });
    expect(main.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({
      action: 'deny',
    });
    const { fakeElectron } = await import('../electron/fake-electron');
    expect(fakeElectron.shell.opened).toEqual(['https://learn.microsoft.com/']);
  });

  it('handles every channel; checks the sender first', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(ok(await call('app:info', {}))).toMatchObject({ name: 'TokenDock' });
    for (const sender of [
      { id: main.webContents.id + 100, url: 'app://tokendock/index.html' },
      { id: main.webContents.id, url: 'https://evil.test/' },
      { id: main.webContents.id, url: 'app://tokendock/index.html', top: false },
      { id: main.webContents.id, url: undefined },
    ])
      expect(await call('accounts:list', {}, sender)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    expect(await call('accounts:list', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('reports storage protection from safeStorage (basic_text: not protected)', async () => {
    expect(ok(await call('storage:protection', {}))).toEqual({
      isProtected: false,
      backend: 'basic_text',
      secretsOnDisk: false,
      saving: { kind: 'ok' },
    });
  });

  it('tray: built from the engine, with Quit; closing the window hides it to the tray', () => {
    const tray = recorded.trays[0]!;
    expect(tray.tooltip).toBe('TokenDock — no accounts');
    const template = (tray.menu as { template: Array<{ label?: string }> }).template;
    expect(template.map((i) => i.label).filter(Boolean)).toEqual([
      'No accounts yet',
      'Refresh all',
      'Open TokenDock',
      'Quit TokenDock',
    ]);
    main.close();
    expect(main.destroyed).toBe(false);
    expect(main.visible).toBe(false);
    main.show();
  });

  it('sandbox:try starts the sandbox lazily, adds accounts, pushes events, updates the tray', async () => {
    const result = ok<{
      issuer: string;
      added: AccountView[];
      users: Array<{ username: string; password: string }>;
    }>(await call('sandbox:try', {}));
    users = result.users;
    expect(result.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    issuer = result.issuer;
    expect(result.added.length).toBeGreaterThan(3);
    expect(main.webContents.sent.some(([channel]) => channel === 'engine:event')).toBe(true);
    const tray = recorded.trays[0]!;
    await until(() => /expires in/.test(tray.tooltip));
    expect(tray.tooltip).toMatch(/^TokenDock — Sandbox · daemon .* expires in \d+ min$/);
  }, 60_000);

  it('copies a token to the (asynchronous) clipboard', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const daemon = accounts.find((a) => a.name === 'Sandbox · daemon (secret)')!;
    ok(
      await call('tokens:copy', {
        accountId: daemon.id,
        targetId: daemon.targets[0]!.id,
        format: 'raw',
      }),
    );
    await until(() => recorded.clipboardState.text.startsWith('eyJ'));
    const model = (globalThis as { __tokendockTestHooks?: { trayModel(): TrayModel } })
      .__tokendockTestHooks;
    expect(model).toBeUndefined(); // hooks only with TOKENDOCK_E2E=1
    const tray = recorded.trays[0]!;
    expect(JSON.stringify(tray.menu)).not.toContain(recorded.clipboardState.text);
  });

  it('answers the tokendock command on its endpoint in the data folder', async () => {
    const { run } = await import('../../cli/run');
    const out: string[] = [];
    const err: string[] = [];
    const output = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const env = { TOKENDOCK_SOCKET: join(userData, 'tokendock.sock') };
    expect(await run(['token', 'Sandbox · daemon (secret)'], output, env)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('')).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const accesses = ok<Array<{ kind: string }>>(await call('activity:list', {}));
    expect(accesses.some((entry) => entry.kind === 'local-access')).toBe(true);
  });

  it('the global shortcut, once turned on, brings the switcher up from anywhere', async () => {
    const { pressGlobalShortcut } = await import('../electron/fake-electron');
    expect(recorded.globalShortcuts.registered.size).toBe(0); // off by default
    ok(await call('settings:update', { patch: { globalShortcutEnabled: true } }));
    expect([...recorded.globalShortcuts.registered.values()].map((e) => e.accelerator)).toEqual([
      'CommandOrControl+Alt+K',
    ]);
    const sentSince = (from: number) => main.webContents.sent.slice(from).map(([c]) => c);
    // Pressed while the page still loads: the switcher opens once the page can hear it.
    let before = main.webContents.sent.length;
    main.hide();
    expect(main.webContents.isLoading()).toBe(true);
    expect(pressGlobalShortcut('CommandOrControl+Alt+K')).toBe(true);
    expect(main.visible).toBe(true);
    expect(sentSince(before)).not.toContain('app:open-switcher');
    main.webContents.navigation!.commit();
    expect(sentSince(before)).toContain('app:open-switcher');
    // Pressed with the page loaded: at once.
    before = main.webContents.sent.length;
    main.hide();
    pressGlobalShortcut('CommandOrControl+Alt+K');
    expect(main.visible).toBe(true);
    expect(sentSince(before)).toEqual(['app:open-switcher']);
    ok(await call('settings:update', { patch: { globalShortcut: 'CommandOrControl+Shift+Y' } }));
    expect([...recorded.globalShortcuts.registered.values()].map((e) => e.accelerator)).toEqual([
      'CommandOrControl+Shift+Y',
    ]);
    ok(await call('settings:update', { patch: { globalShortcutEnabled: false } }));
    expect(recorded.globalShortcuts.registered.size).toBe(0);
  });

  it('a tokendock://add link (macOS open-url, or a second launch’s argument) opens the Add form', async () => {
    const { fakeElectron } = await import('../electron/fake-electron');
    const link = 'tokendock://add?account=%7B%22name%22%3A%22X%22%7D';
    let before = main.webContents.sent.length;
    const opened = fakeElectron.app.fire('open-url', {}, link);
    expect(opened.defaultPrevented).toBe(true);
    expect(main.webContents.sent.slice(before)).toContainEqual(['app:open-link', { url: link }]);
    before = main.webContents.sent.length;
    main.hide();
    fakeElectron.app.launchSecondInstance({ argv: ['/opt/TokenDock/tokendock', link] });
    expect(main.visible).toBe(true);
    expect(main.webContents.sent.slice(before)).toContainEqual(['app:open-link', { url: link }]);
  });

  it('signs in through the embedded window: the redirect is caught and the code redeemed', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const browser = accounts.find((a) => a.flow === 'authorization_code')!;
    const windows = FakeBrowserWindow.all.length;
    const signIn = call('accounts:sign-in', { accountId: browser.id });
    const window = await until(() => FakeBrowserWindow.all[windows]);
    const authorizeUrl = await until(() => window.webContents.loaded[0]);
    // The person at the sign-in page, played over plain HTTP against the real sandbox.
    const person = new PlainHttpBrowser(new URL(issuer).origin);
    const login = expectPage(await person.open(authorizeUrl));
    const redirect = expectRedirect(
      await signInAndConsent(person, login, { ...users[0]!, consent: 'Allow' }),
    );
    // What Electron reports as the provider redirects back: caught, never loaded.
    expect(window.webContents.fire('will-redirect', { url: redirect.href }).defaultPrevented).toBe(
      true,
    );
    const account = ok<AccountView>(await signIn);
    expect(account.state).toBe('valid');
    expect(window.destroyed).toBe(true);
  }, 30_000);

  it('"Refresh now" in the tray menu refreshes the token', async () => {
    const before = ok<AccountView[]>(await call('accounts:list', {})).find(
      (a) => a.flow === 'authorization_code',
    )!;
    const tray = recorded.trays[0]!;
    await until(() => JSON.stringify(tray.menu).includes(`${before.name} — valid`));
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const template = (tray.menu as { template: Item[] }).template;
    const submenu = template.find((i) => i.label?.startsWith(`${before.name} — valid`))!.submenu!;
    const refresh = submenu.find((i) => i.label === `Refresh now: ${before.targets[0]!.label}`)!;
    refresh.click!();
    await until(async () => {
      const now = ok<AccountView[]>(await call('accounts:list', {})).find(
        (a) => a.id === before.id,
      )!;
      return now.targets[0]!.acquiredOn! > before.targets[0]!.acquiredOn!;
    });
  }, 30_000);

  it('sign-in opens the embedded window in the account partition, blocks strays, catches the redirect', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const browser = accounts.find((a) => a.flow === 'authorization_code')!;
    const windows = FakeBrowserWindow.all.length;
    const signIn = call('accounts:sign-in', { accountId: browser.id });
    const window = await until(() => FakeBrowserWindow.all[windows]);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.partition).toBe(`persist:tokendock-${browser.id}`);
    expect(prefs.preload).toBeUndefined();
    expect(prefs.sandbox).toBe(true);
    const authorizeUrl = await until(() => window.webContents.loaded[0]);
    const authorize = new URL(authorizeUrl);
    expect(authorize.hostname).toBe('127.0.0.1');
    const partition = recorded.partitions.get(`persist:tokendock-${browser.id}`)!;
    expect(partition.permissionRequest).toBeDefined();
    // A stray navigation is blocked; the redirect is caught before it loads.
    expect(
      window.webContents.fire('will-navigate', { url: 'http://evil.test/' }).defaultPrevented,
    ).toBe(true);
    const redirect = new URL(authorize.searchParams.get('redirect_uri')!);
    redirect.search = new URLSearchParams({
      error: 'access_denied',
      state: authorize.searchParams.get('state')!,
      iss: issuer,
    }).toString();
    expect(window.webContents.fire('will-redirect', { url: redirect.href }).defaultPrevented).toBe(
      true,
    );
    expect(await signIn).toMatchObject({ ok: false, error: { code: 'access_denied' } });
    expect(window.destroyed).toBe(true);
  }, 30_000);

  it('closing the sign-in window cancels the sign-in with window_closed', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const browser = accounts.find((a) => a.flow === 'authorization_code')!;
    const windows = FakeBrowserWindow.all.length;
    const signIn = call('accounts:sign-in', { accountId: browser.id });
    const window = await until(() => FakeBrowserWindow.all[windows]);
    window.close();
    expect(await signIn).toMatchObject({ ok: false, error: { code: 'window_closed' } });
  }, 30_000);

  it('device code: the verification page opens in the account partition or the browser, and closes itself', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const device = accounts.find((a) => a.flow === 'device_code')!;
    const signIn = call('accounts:sign-in', { accountId: device.id });
    const prompt = await until(
      () =>
        main.webContents.sent.find(
          ([channel, payload]) =>
            channel === 'sign-in:device-code' &&
            (payload as { accountId: string }).accountId === device.id,
        )?.[1] as { prompt: DeviceCodePrompt } | undefined,
    );
    const url = prompt.prompt.verificationUriComplete!;
    const { fakeElectron } = await import('../electron/fake-electron');
    ok(await call('device-code:open', { accountId: device.id, browser: 'system' }));
    expect(fakeElectron.shell.opened.at(-1)).toBe(url);
    const windows = FakeBrowserWindow.all.length;
    ok(await call('device-code:open', { accountId: device.id, browser: 'embedded' }));
    const window = await until(() => FakeBrowserWindow.all[windows]);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.partition).toBe(`persist:tokendock-${device.id}`);
    expect(prefs.preload).toBeUndefined();
    expect(await until(() => window.webContents.loaded[0])).toBe(url);
    // The person enters the code (prefilled), confirms, signs in and consents.
    const person = new PlainHttpBrowser(new URL(issuer).origin);
    const autoPost = expectPage(await person.open(url));
    const [form] = parseForms(autoPost.html, autoPost.url);
    const confirm = expectPage(await person.submit(form!));
    const login = expectPage(await person.submit(formWithButton(confirm, 'Confirm')));
    await signInAndConsent(person, login, { ...users[0]!, consent: 'Allow' });
    expect(ok<AccountView>(await signIn).state).toBe('valid');
    await until(() => window.destroyed);
  }, 60_000);

  it('removing an account clears its sign-in partition', async () => {
    const accounts = ok<AccountView[]>(await call('accounts:list', {}));
    const browser = accounts.find((a) => a.flow === 'authorization_code')!;
    ok(await call('accounts:remove', { accountId: browser.id }));
    await until(() => recorded.partitions.get(`persist:tokendock-${browser.id}`)!.cleared > 0);
  });

  it('quitting waits for the engine to write what it holds, then releases the vault', async () => {
    const { fakeElectron } = await import('../electron/fake-electron');
    const lock = join(userData, 'vault', 'tokendock.lock');
    expect(existsSync(lock)).toBe(true);
    const ended = new Promise((resolve) => fakeElectron.app.once('quit', resolve));
    fakeElectron.app.quit();
    // The first will-quit was held (preventDefault) while the engine stopped.
    expect(existsSync(lock)).toBe(true);
    await ended;
    quitted = true;
    expect(existsSync(lock)).toBe(false);
  });
});
