import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import { SignInWindows } from '../../main/sign-in-windows';
import { FakeBrowserWindow, recorded } from '../electron/fake-electron';
import {
  FakeWebContents,
  type FakeNavigation,
  type LoadUrlError,
} from '../electron/fake/web-contents';
import { FakeSession, type FakeRequestDetails } from '../electron/fake/session';

/**
 * The embedded sign-in window (main/sign-in-windows.ts → main/provider-window.ts) against the
 * fake `electron` module, whose webContents reports frames, redirects, load failures and
 * `loadURL` as Electron 45 documents them (test/electron/fake/web-contents.ts cites the pages).
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);

const AUTHORIZE =
  'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=c&state=xyz';
const REDIRECT = 'http://127.0.0.1:49152/';
const CAUGHT = `${REDIRECT}?code=the-code&state=xyz&session_state=s`;

const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, fields?: Record<string, unknown>) =>
    void warnings.push([message, fields]),
  error: () => undefined,
};
const deps = { parent: () => undefined, prepareSession: async () => undefined, logger };

/**
 * `win.setTitle` / `win.getTitle` (docs/api/browser-window.md) are not in the fake BrowserWindow
 * (test/electron/fake/windows.ts) yet; until they are, this file adds the two calls.
 */
type Titled = { title?: string; options: { title?: unknown }; setTitle(title: string): void };
const windowPrototype = FakeBrowserWindow.prototype as unknown as Partial<Titled> & {
  getTitle?: () => string;
};
if (!windowPrototype.setTitle) {
  windowPrototype.setTitle = function (this: Titled, title: string) {
    this.title = title;
  };
  windowPrototype.getTitle = function (this: Titled) {
    return this.title ?? String(this.options.title ?? '');
  };
}
const titleOf = (window: FakeBrowserWindow) =>
  (window as unknown as { getTitle(): string }).getTitle();

afterEach(() => {
  warnings.length = 0;
});

let partitionCounter = 0;

/** Lets queued promise callbacks run. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

interface Opened {
  window: FakeBrowserWindow;
  contents: FakeWebContents;
  session: FakeSession;
  /** The start page's load, in flight. */
  load: FakeNavigation;
  outcome: () => { url: string } | { error: TokenDockError } | undefined;
  result: Promise<string>;
}

/** Opens a sign-in (or, with `verification`, a device code page) and waits for its load. */
async function open(
  url = AUTHORIZE,
  options: { verification?: boolean; redirectUri?: string } = {},
): Promise<Opened> {
  const partition = `persist:tokendock-test-${++partitionCounter}`;
  const windows = new SignInWindows(deps);
  const before = FakeBrowserWindow.all.length;
  let result: Promise<string>;
  if (options.verification) {
    windows.openVerification(`account-${partitionCounter}`, url, {
      subscribe: () => () => undefined,
      getAccount: () => ({ state: 'signing-in' }),
    });
    result = new Promise<string>(() => undefined);
  } else {
    result = windows.open({ url, redirectUri: options.redirectUri ?? REDIRECT, partition });
  }
  let settled: { url: string } | { error: TokenDockError } | undefined;
  result.then(
    (caught) => (settled = { url: caught }),
    (error: TokenDockError) => (settled = { error }),
  );
  const window = FakeBrowserWindow.all[before]!;
  const contents = window.webContents;
  const partitionName = (window.options.webPreferences as { partition: string }).partition;
  const session = recorded.partitions.get(partitionName)!;
  // contents.session (docs/api/web-contents.md): the partition's webRequest sees its requests.
  contents.session = session;
  for (let i = 0; i < 50 && contents.loaded.length === 0; i++) await flush();
  expect(contents.loaded).toEqual([url]);
  // main/ loads through webContents.loadURL; were it to go through the fake BrowserWindow's
  // loadURL (which only records the URL), start the same load as the browser would.
  const load = contents.navigation ?? contents.navigate(url, { initiator: 'browser' });
  return { window, contents, session, load, outcome: () => settled, result };
}

describe('the fake webContents behaves as Electron 45 documents', () => {
  it('will-redirect: a details event, then the deprecated positional arguments, for every frame', () => {
    const contents = new FakeWebContents();
    const seen: unknown[][] = [];
    contents.on('will-redirect', (...args: unknown[]) => void seen.push(args));
    void contents.loadURL('https://idp.example/start');
    contents.navigation!.redirect('https://idp.example/next');
    contents.navigateSubFrame('https://sso.example/frame').redirect('https://sso.example/x');
    const [main, sub] = seen as Array<[Record<string, unknown>, ...unknown[]]> as [
      [Record<string, unknown>, ...unknown[]],
      [Record<string, unknown>, ...unknown[]],
    ];
    expect(main[0]).toMatchObject({ url: 'https://idp.example/next', isMainFrame: true });
    expect(main[0].frame).toBe(contents.mainFrame);
    expect(main.slice(1, 4)).toEqual(['https://idp.example/next', false, true]);
    expect(sub[0]).toMatchObject({ url: 'https://sso.example/x', isMainFrame: false });
    expect((sub[0].frame as { parent: unknown }).parent).toBe(contents.mainFrame);
    expect(sub.slice(1, 4)).toEqual(['https://sso.example/x', false, false]);
    // The terse form older tests use is a main-frame navigation.
    expect(contents.fire('will-redirect', { url: 'https://a.test/' })).toMatchObject({
      isMainFrame: true,
      isSameDocument: false,
    });
  });

  it('will-navigate: main frame only and never for loadURL; will-frame-navigate for any frame', () => {
    const contents = new FakeWebContents();
    const events: string[] = [];
    for (const name of ['will-navigate', 'will-frame-navigate'])
      contents.on(name, (details: { isMainFrame: boolean }) =>
        events.push(`${name}:${details.isMainFrame ? 'main' : 'sub'}`),
      );
    void contents.loadURL('https://idp.example/');
    contents.navigateSubFrame('https://sso.example/');
    contents.navigateMainFrame('https://idp.example/next');
    expect(events).toEqual([
      'will-frame-navigate:sub',
      'will-frame-navigate:main',
      'will-navigate:main',
    ]);
  });

  it('loadURL resolves when the page loads and rejects with ERR_ABORTED when a redirect is prevented', async () => {
    const contents = new FakeWebContents();
    const loaded = contents.loadURL('https://idp.example/a');
    contents.navigation!.commit();
    await expect(loaded).resolves.toBeUndefined();
    expect(contents.getURL()).toBe('https://idp.example/a');

    const failures: unknown[] = [];
    contents.on('did-fail-load', (...args: unknown[]) => void failures.push(args));
    contents.once('will-redirect', (event: { preventDefault(): void }) => event.preventDefault());
    const stopped = contents.loadURL('https://idp.example/b');
    contents.navigation!.redirect('https://elsewhere.example/');
    const error = (await stopped.catch((e: unknown) => e)) as LoadUrlError;
    expect(error.message).toBe("ERR_ABORTED (-3) loading 'https://idp.example/b'");
    expect(error).toMatchObject({ errno: -3, code: 'ERR_ABORTED', url: 'https://idp.example/b' });
    expect(failures).toEqual([]); // no did-fail-load for a cancelled navigation
    expect(contents.getURL()).toBe('https://idp.example/a');
  });

  it('did-fail-load carries isMainFrame; a sub-frame failure does not reject loadURL', async () => {
    const contents = new FakeWebContents();
    const failures: unknown[][] = [];
    contents.on('did-fail-load', (...args: unknown[]) => void failures.push(args.slice(1, 5)));
    const loaded = contents.loadURL('https://idp.example/');
    contents.navigateSubFrame('https://captcha.example/').fail('ERR_NAME_NOT_RESOLVED');
    contents.navigation!.commit();
    await expect(loaded).resolves.toBeUndefined();
    const failing = contents.loadURL('https://down.example/');
    contents.navigation!.fail('ERR_CONNECTION_REFUSED');
    await expect(failing).rejects.toMatchObject({ errno: -102, code: 'ERR_CONNECTION_REFUSED' });
    expect(failures).toEqual([
      [-105, 'ERR_NAME_NOT_RESOLVED', 'https://captcha.example/', false],
      [-102, 'ERR_CONNECTION_REFUSED', 'https://down.example/', true],
    ]);
  });

  it('webRequest.onBeforeRequest sees mainFrame and subFrame requests; cancel is ERR_BLOCKED_BY_CLIENT', () => {
    const session = new FakeSession();
    const contents = new FakeWebContents();
    contents.session = session;
    const seen: FakeRequestDetails[] = [];
    session.webRequest.onBeforeRequest((details, callback) => {
      seen.push(details);
      callback(details.url.includes('blocked') ? { cancel: true } : {});
    });
    const failures: unknown[][] = [];
    contents.on('did-fail-load', (...args: unknown[]) => void failures.push(args.slice(1, 5)));
    void contents.loadURL('https://idp.example/');
    contents.navigateSubFrame('https://sso.example/frame');
    const blocked = contents.navigateMainFrame('https://blocked.example/');
    expect(seen.map((d) => [d.resourceType, d.url, d.webContentsId])).toEqual([
      ['mainFrame', 'https://idp.example/', contents.id],
      ['subFrame', 'https://sso.example/frame', contents.id],
      ['mainFrame', 'https://blocked.example/', contents.id],
    ]);
    expect(seen[1]!.frame).not.toBe(contents.mainFrame);
    expect(blocked.state).toBe('failed');
    expect(failures).toEqual([[-20, 'ERR_BLOCKED_BY_CLIENT', 'https://blocked.example/', true]]);
  });
});

describe('the sign-in window: only the main frame counts', () => {
  it('an iframe redirect to the redirect URI does not end the sign-in', async () => {
    const s = await open();
    s.load.commit();
    const frame = s.contents.navigateSubFrame('https://login.microsoftonline.com/common/reprocess');
    frame.redirect(CAUGHT);
    await flush();
    expect(frame.state).toBe('started'); // not ours to stop
    expect(s.outcome()).toBeUndefined();
    expect(s.window.destroyed).toBe(false);
    // The same URL in the main frame ends it.
    s.contents.navigateMainFrame('https://login.microsoftonline.com/common/login').redirect(CAUGHT);
    await expect(s.result).resolves.toBe(CAUGHT);
  });

  it('an iframe navigating to another https host is not blocked', async () => {
    const s = await open();
    s.load.commit();
    const captcha = s.contents.navigateSubFrame('https://www.google.com/recaptcha/api2/anchor?k=1');
    captcha.redirect('https://recaptcha.net/recaptcha/api2/anchor?k=1');
    expect(captcha.state).toBe('started');
    captcha.commit();
    const sso = s.contents.navigateSubFrame('https://autologon.microsoftazuread-sso.com/x');
    sso.redirect('https://sso.contoso.com/frame');
    expect(sso.state).toBe('started');
    await flush();
    expect(s.outcome()).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('a main-frame redirect to the redirect URI ends it with the full URL, before it loads', async () => {
    const s = await open();
    let committed = false;
    s.contents.on('did-navigate', () => (committed = true));
    s.load.redirect('https://login.microsoftonline.com/common/login?sso_reload=true');
    s.load.redirect(CAUGHT);
    await expect(s.result).resolves.toBe(CAUGHT);
    expect(s.load.state).toBe('aborted'); // stopped in will-redirect
    expect(committed).toBe(false);
    expect(s.session.requests.map((r) => r.url)).not.toContain(CAUGHT);
    expect(s.window.destroyed).toBe(true);
  });

  it('the partition’s onBeforeRequest judges this window’s main frame only', async () => {
    const s = await open();
    s.load.commit();
    const other = new FakeWebContents();
    expect(
      s.session.request({ url: CAUGHT, resourceType: 'subFrame', webContents: s.contents }),
    ).toEqual({});
    expect(
      s.session.request({
        url: 'file:///etc/passwd',
        resourceType: 'mainFrame',
        webContents: other,
      }),
    ).toEqual({});
    await flush();
    expect(s.outcome()).toBeUndefined();
    expect(
      s.session.request({ url: CAUGHT, resourceType: 'mainFrame', webContents: s.contents }),
    ).toEqual({ cancel: true });
    await expect(s.result).resolves.toBe(CAUGHT);
  });
});

describe('the sign-in window: federation, https only, the host in view', () => {
  it('allows https federation hosts in the main frame and titles the window with each host', async () => {
    const s = await open();
    expect(s.window.options.title).toBe('Sign in — login.microsoftonline.com');
    s.load.commit();
    const adfs = s.contents.navigateMainFrame(
      'https://adfs.contoso.com/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline',
    );
    expect(adfs.state).toBe('started');
    adfs.commit();
    expect(titleOf(s.window)).toBe('Sign in — adfs.contoso.com');
    const okta = s.contents.navigateMainFrame('https://login.microsoftonline.com/login.srf');
    okta.redirect('https://contoso.okta.com/app/office365/k1/sso/wsfed/passive?wa=wsignin1.0');
    expect(okta.state).toBe('started');
    okta.commit();
    expect(titleOf(s.window)).toBe('Sign in — contoso.okta.com');
    const ping = s.contents.navigateMainFrame('https://sso.contoso.com:9031/idp/SSO.saml2');
    ping.commit();
    expect(titleOf(s.window)).toBe('Sign in — sso.contoso.com:9031');
    const back = s.contents.navigateMainFrame('https://login.microsoftonline.com/login.srf');
    back.commit();
    expect(titleOf(s.window)).toBe('Sign in — login.microsoftonline.com');
    expect(warnings).toEqual([]);
    expect(s.session.requests.every((r) => !r.answer.cancel)).toBe(true);
    s.contents.navigateMainFrame('https://login.microsoftonline.com/kmsi').redirect(CAUGHT);
    await expect(s.result).resolves.toBe(CAUGHT);
  });

  it('a device code page may hand over to another https host (Google’s device page)', async () => {
    const s = await open('https://www.google.com/device', { verification: true });
    expect(s.window.options.title).toBe('Enter the code — www.google.com');
    s.load.redirect('https://accounts.google.com/o/oauth2/device/usercode?flowName=DeviceOAuth');
    expect(s.load.state).toBe('started');
    s.load.commit();
    expect(titleOf(s.window)).toBe('Enter the code — accounts.google.com');
    expect(s.window.destroyed).toBe(false);
  });

  it.each([
    ['plain http', 'http://adfs.contoso.com/adfs/ls/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<form action=https://evil.test>password</form>'],
    ['another loopback port', 'http://127.0.0.1:5555/'],
  ])('refuses a main-frame navigation to %s, and the sign-in goes on', async (_name, url) => {
    const s = await open();
    s.load.commit();
    expect(s.contents.navigateMainFrame(url).state).toBe('prevented');
    expect(s.session.request({ url, resourceType: 'mainFrame', webContents: s.contents })).toEqual({
      cancel: true,
    });
    await flush();
    expect(s.outcome()).toBeUndefined();
    expect(titleOf(s.window)).toBe('Sign in — login.microsoftonline.com');
    expect(warnings.map(([message]) => message)).toContain('sign-in window: blocked a navigation');
  });

  it('a server redirect off https ends the sign-in with a clear error', async () => {
    const s = await open();
    s.load.redirect('http://sts.contoso.com/adfs/ls/?SAMLRequest=x');
    expect(s.load.state).toBe('aborted');
    await flush();
    expect(s.outcome()).toMatchObject({ error: { code: 'provider_error' } });
    const { error } = s.outcome() as { error: TokenDockError };
    expect(error.message).toContain('http://sts.contoso.com');
    expect(error.message).not.toContain('SAMLRequest');
  });

  it('the page’s <title> never replaces the host in the window title', async () => {
    const s = await open();
    s.load.commit();
    // docs/api/browser-window.md: the window takes the page's title unless prevented.
    const event = s.window.fire(
      'page-title-updated',
      {},
      'Sign in — login.microsoftonline.com',
      true,
    );
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('the sign-in window: load failures', () => {
  it('did-fail-load for an iframe or for our own abort does not fail the sign-in', async () => {
    const s = await open();
    s.load.commit();
    s.contents.navigateSubFrame('https://sso.contoso.com/frame').fail('ERR_NAME_NOT_RESOLVED');
    s.contents.navigateSubFrame('https://captcha.example/').fail('ERR_CERT_AUTHORITY_INVALID');
    s.contents.frameLoadFailed(-3); // ERR_ABORTED on the main frame (a stop)
    // A history navigation to a page we refuse: cancelled in onBeforeRequest, so Chromium
    // reports ERR_BLOCKED_BY_CLIENT for it.
    const history = s.contents.navigate('http://old.contoso.com/', { initiator: 'browser' });
    expect(history.error).toMatchObject({ errorCode: -20 });
    await flush();
    expect(s.outcome()).toBeUndefined();
    expect(s.window.destroyed).toBe(false);
  });

  it('a real main-frame load failure fails the sign-in with a clear error, even after an iframe failed', async () => {
    const s = await open();
    s.contents.navigateSubFrame('https://sso.contoso.com/frame').fail('ERR_NAME_NOT_RESOLVED');
    s.load.redirect('https://login.microsoftonline.com/common/reprocess?ctx=secret');
    s.load.fail('ERR_NAME_NOT_RESOLVED');
    await flush();
    expect(s.outcome()).toMatchObject({ error: { code: 'network' } });
    const { error } = s.outcome() as { error: TokenDockError };
    expect(error.message).toBe(
      'The sign-in page at login.microsoftonline.com could not be loaded (ERR_NAME_NOT_RESOLVED).',
    );
    expect(error.hint).toMatch(/network|proxy/);
    expect(s.window.destroyed).toBe(true);
  });

  it('a certificate failure says so', async () => {
    const s = await open();
    s.load.fail('ERR_CERT_AUTHORITY_INVALID');
    await flush();
    const { error } = s.outcome() as { error: TokenDockError };
    expect(error.code).toBe('network');
    expect(error.hint).toMatch(/certificate/);
  });

  it('a device code page that fails to load stays on screen with Chromium’s error page', async () => {
    const s = await open('https://microsoft.com/devicelogin', { verification: true });
    s.load.fail('ERR_INTERNET_DISCONNECTED');
    await flush();
    expect(s.window.destroyed).toBe(false);
    expect(s.window.isVisible()).toBe(true);
  });
});
