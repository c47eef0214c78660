import type { App } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProxyLoginQuestion } from '../../app/contract/channels';
import { Dispatcher, type HostServices } from '../../app/host/dispatcher';
import { ProxyLogins } from '../../app/host/proxy-login';
import { app as fakeApp } from '../electron/fake/app';

/**
 * main/proxy-login.ts against the fake `app`: its 'login' event (docs/api/app.md, event 'login')
 * carries `(event, webContents, authenticationResponseDetails, authInfo, callback)`, and the
 * default — nobody calling `event.preventDefault()` — cancels the authentication. Before this
 * file existed nothing listened to 'login', so every proxy challenge was cancelled.
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);

const { installProxyLogin } = await import('../../main/proxy-login');

const proxyAuth = {
  isProxy: true,
  scheme: 'basic',
  host: 'proxy.corp.example',
  port: 8080,
  realm: 'Corp',
};
const details = (firstAuthAttempt: boolean) => ({
  url: 'https://login.example.com/authorize',
  pid: 1,
  isRequestForNavigation: true,
  firstAuthAttempt,
});

function setUp() {
  const published: ProxyLoginQuestion[][] = [];
  const logins = new ProxyLogins({
    publish: (questions) => void published.push(questions),
    newId: (() => {
      let n = 0;
      return () => `q${++n}`;
    })(),
  });
  const installed = installProxyLogin(
    fakeApp as unknown as Pick<App, 'on' | 'removeListener'>,
    logins,
  );
  const dispatcher = new Dispatcher({ proxyLogins: logins } as unknown as HostServices);
  return { logins, installed, published, dispatcher };
}

/** Fires app 'login' as Electron does and reports what the app did with it. */
function fireLogin(authInfo: typeof proxyAuth, firstAuthAttempt = true) {
  const calls: Array<[string?, string?]> = [];
  const event = fakeApp.fire(
    'login',
    {},
    null,
    details(firstAuthAttempt),
    authInfo,
    (username?: string, password?: string) => void calls.push([username, password]),
  );
  return { event, calls };
}

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

describe('proxy sign-in through app.on("login")', () => {
  it('takes a proxy challenge, asks the renderer, and answers with what the person typed', async () => {
    const { installed, published, dispatcher } = setUp();
    uninstall = installed.uninstall;
    const { event, calls } = fireLogin(proxyAuth);
    // Taken: the default (cancel) is prevented, and the callback waits for the person.
    expect(event.defaultPrevented).toBe(true);
    expect(calls).toEqual([]);
    expect(published.at(-1)).toMatchObject([
      { id: 'q1', host: 'proxy.corp.example', port: 8080, realm: 'Corp', scheme: 'basic' },
    ]);
    expect(await dispatcher.dispatch('proxy-login:pending', {})).toMatchObject({
      ok: true,
      value: [{ id: 'q1' }],
    });

    const answer = await dispatcher.dispatch('proxy-login:answer', {
      id: 'q1',
      answer: 'credentials',
      username: 'ada',
      password: 'pw',
    });
    expect(answer).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['ada', 'pw']]);
    expect(published.at(-1)).toEqual([]);
    // The question is gone: answering again is refused, and nothing is called twice.
    const again = await dispatcher.dispatch('proxy-login:answer', { id: 'q1', answer: 'cancel' });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(calls).toHaveLength(1);
  });

  it('leaves a site’s own challenge to Electron’s default (cancelled)', () => {
    const { installed, published } = setUp();
    uninstall = installed.uninstall;
    const { event, calls } = fireLogin({ ...proxyAuth, isProxy: false });
    expect(event.defaultPrevented).toBe(false);
    expect(calls).toEqual([]);
    expect(published).toEqual([]);
  });

  it('asks one question for several windows meeting the same proxy; Cancel cancels them all', async () => {
    const { installed, published, dispatcher } = setUp();
    uninstall = installed.uninstall;
    const one = fireLogin(proxyAuth);
    const two = fireLogin(proxyAuth);
    expect(published.at(-1)).toHaveLength(1);
    await dispatcher.dispatch('proxy-login:answer', { id: 'q1', answer: 'cancel' });
    expect(one.calls).toEqual([[undefined, undefined]]);
    expect(two.calls).toEqual([[undefined, undefined]]);
  });

  it('answers a window’s first attempt from memory, and asks again when the proxy refused it', async () => {
    const { installed, dispatcher } = setUp();
    uninstall = installed.uninstall;
    fireLogin(proxyAuth);
    await dispatcher.dispatch('proxy-login:answer', {
      id: 'q1',
      answer: 'credentials',
      username: 'ada',
      password: 'pw',
    });
    const nextWindow = fireLogin(proxyAuth, true);
    expect(nextWindow.event.defaultPrevented).toBe(true);
    expect(nextWindow.calls).toEqual([['ada', 'pw']]);
    const refused = fireLogin(proxyAuth, false);
    expect(refused.calls).toEqual([]);
  });

  it('refuses a malformed answer before it reaches the question', async () => {
    const { installed, dispatcher } = setUp();
    uninstall = installed.uninstall;
    const { calls } = fireLogin(proxyAuth);
    const bad = await dispatcher.dispatch('proxy-login:answer', {
      id: 'q1',
      answer: 'credentials',
      username: '',
      password: 'secret-password',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(bad)).not.toContain('secret-password');
    expect(calls).toEqual([]);
  });

  it('answers the engine’s own requests (a ClientRequest’s "login") and cancels their 401s', () => {
    const { installed, published } = setUp();
    uninstall = installed.uninstall;
    const calls: unknown[][] = [];
    installed.onRequestLogin({ ...proxyAuth, isProxy: false }, (...args) => void calls.push(args));
    expect(calls).toEqual([[]]);
    installed.onRequestLogin(proxyAuth, (...args) => void calls.push(args));
    expect(published.at(-1)).toHaveLength(1);
  });

  it('uninstall() removes the listener', () => {
    const { installed } = setUp();
    const before = fakeApp.listenerCount('login');
    installed.uninstall();
    expect(fakeApp.listenerCount('login')).toBe(before - 1);
  });
});
