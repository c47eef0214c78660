import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type AccountInput } from '../../app/engine';
import type { ExternalBrowser, Fetch } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { launchChromium } from '../support/chromium';
import { ChromiumAuthWindow } from '../support/chromium-auth-window';
import { freePort } from '../support/free-port';
import {
  glewlwydMissing,
  startGlewlwyd,
  type Glewlwyd,
  type GlewlwydUser,
} from '../support/glewlwyd';

/**
 * Authorization code + PKCE against Debian's glewlwyd 2.7 (issue 11), with Chromium as the person
 * at glewlwyd's own login web app: in the embedded window (the `AuthWindow` port) and in the
 * system browser on a fixed loopback port (glewlwyd matches redirect URIs exactly). Same rule as
 * glewlwyd.test.ts: without glewlwyd this file skips on a developer machine and fails in CI.
 */
const missing = glewlwydMissing();
if (missing && process.env.CI) throw new Error(`CI must have glewlwyd: ${missing}`);
if (missing) console.warn(`Skipping glewlwyd code-flow tests: ${missing}`);

const SCOPE = 'api.read';
const ada: GlewlwydUser = {
  username: 'ada',
  password: 'Ada-pa55word',
  name: 'Ada Lovelace',
  email: 'ada@example.test',
};
const CLIENT = 'code-app';
/** The embedded window catches this redirect before anything loads it. */
const EMBEDDED_REDIRECT = 'https://tokendock.example.test/callback';

/**
 * The person at glewlwyd's login app (`webapp/login.html`, its own markup): user name and
 * password, then, when glewlwyd asks, the client's access grant, then Continue, which sends the
 * browser back to the authorization endpoint and from there to the redirect URI.
 */
async function signInAtGlewlwyd(page: Page, user: GlewlwydUser): Promise<void> {
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('#loginbut').click();
  const grant = page.getByRole('button', { name: 'Grant access' });
  const carryOn = page.getByRole('button', { name: 'Continue' });
  await carryOn.waitFor({ state: 'visible', timeout: 15_000 });
  if (await grant.isVisible()) {
    // Every scope the client asks for is offered; grant them all.
    for (const box of await page.locator('input[type=checkbox]').all())
      if (!(await box.isChecked())) await box.check();
    await grant.click();
  }
  await carryOn.click();
}

let g: Glewlwyd;
let browser: Browser;
let fixedPort: number;
const fixedRedirect = () => `http://127.0.0.1:${fixedPort}/callback`;

describe.skipIf(missing !== undefined)('glewlwyd: authorization code + PKCE', () => {
  let directory: string;
  let vault: Vault;
  let engine: Engine;
  let context: BrowserContext | undefined;
  /** Every request the engine sent, with its form body. */
  const sent: Array<{ url: string; body: URLSearchParams }> = [];
  const fetch: Fetch = (input, init) => {
    const url = input instanceof URL ? input.href : String(input);
    sent.push({
      url,
      body: new URLSearchParams(
        init?.body instanceof URLSearchParams || typeof init?.body === 'string' ? init.body : '',
      ),
    });
    return globalThis.fetch(input, init);
  };

  beforeAll(async () => {
    g = await startGlewlwyd({ apiScope: SCOPE });
    browser = await launchChromium();
    fixedPort = await freePort();
    await g.addUser(ada);
    await g.addClient({
      client_id: CLIENT,
      confidential: false,
      authorization_type: ['code', 'refresh_token'],
      scope: ['openid', SCOPE],
      redirect_uri: [EMBEDDED_REDIRECT, fixedRedirect()],
    });
  }, 30_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
    await engine?.stop();
    await vault?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
    sent.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await g?.close();
  });

  const start = async (ports: {
    authWindow?: ChromiumAuthWindow;
    externalBrowser?: ExternalBrowser;
  }) => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-glewlwyd-code-'));
    vault = openVault({ directory: join(directory, 'store'), cipher: new AesGcmCipher() });
    engine = new Engine({
      vault,
      fetch,
      clipboard: { writeText: () => undefined, readText: () => '' },
      notifier: { notify: () => undefined },
      sandboxIssuer: () => Promise.reject(new Error('no sandbox here')),
      ...ports,
    });
    engine.start();
  };

  const account = (mode: Pick<AccountInput, 'signInMode' | 'redirectUri'>): AccountInput => ({
    name: `Ada (${mode.signInMode})`,
    authority: { kind: 'oidc', issuer: g.issuer },
    flow: 'authorization_code',
    clientId: CLIENT,
    clientAuth: { kind: 'none' },
    ...mode,
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: [SCOPE] } }],
  });

  /** What glewlwyd issued, and what the engine sent it, for one sign-in. */
  const checkSignIn = async (accountId: string, targetId: string, redirectUri: string) => {
    const view = engine.getAccount(accountId);
    expect(view.state).toBe('valid');
    expect(view.hasRefreshToken).toBe(true);
    const token = await engine.getToken(accountId, targetId);
    const claims = decodeJwt(token.accessToken);
    expect(claims.iss).toBe(g.issuer);
    // glewlwyd's access token names the granted scopes as its audience.
    expect(String(claims.aud).split(' ')).toContain(SCOPE);
    const exchange = sent.find((r) => r.body.get('grant_type') === 'authorization_code');
    expect(exchange?.url).toBe(g.tokenEndpoint);
    expect(exchange?.body.get('redirect_uri')).toBe(redirectUri);
    // PKCE: the verifier goes with the code (glewlwyd checks it against the S256 challenge).
    expect(exchange?.body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  };

  const checkAuthorizationUrl = (url: string, redirectUri: string) => {
    const authorize = new URL(url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${g.issuer}/auth`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);
  };

  it('in the embedded window, with the person at glewlwyd’s login page', async () => {
    const pages: string[] = [];
    const authWindow = new ChromiumAuthWindow(browser, async (page) => {
      pages.push(new URL(page.url()).pathname);
      await signInAtGlewlwyd(page, ada);
    });
    await start({ authWindow });
    const added = await engine.addAccount(
      account({ signInMode: 'embedded', redirectUri: EMBEDDED_REDIRECT }),
    );
    await engine.signIn(added.id);
    expect(pages).toEqual(['/login.html']);
    checkAuthorizationUrl(authWindow.opened[0]!, EMBEDDED_REDIRECT);
    await checkSignIn(added.id, added.targets[0]!.id, EMBEDDED_REDIRECT);
  });

  it('in the system browser on the registered fixed loopback port', async () => {
    context = await browser.newContext();
    const opened: string[] = [];
    const pages: Page[] = [];
    const externalBrowser: ExternalBrowser = {
      open: async (url) => {
        opened.push(url);
        const page = await context!.newPage();
        pages.push(page);
        await page.goto(url);
        void signInAtGlewlwyd(page, ada).catch(() => undefined);
      },
    };
    await start({ externalBrowser });
    const added = await engine.addAccount(
      account({ signInMode: 'system-browser', redirectUri: fixedRedirect() }),
    );
    await engine.signIn(added.id);
    checkAuthorizationUrl(opened[0]!, fixedRedirect());
    await checkSignIn(added.id, added.targets[0]!.id, fixedRedirect());
    // The browser ended on the engine's loopback listener, on the registered port.
    expect(new URL(pages[0]!.url()).port).toBe(String(fixedPort));
  });

  it('glewlwyd refuses a redirect URI on another port: the port has to be the registered one', async () => {
    const authorize = (redirectUri: string) =>
      globalThis.fetch(
        `${g.issuer}/auth?${new URLSearchParams({
          response_type: 'code',
          client_id: CLIENT,
          redirect_uri: redirectUri,
          scope: `openid ${SCOPE}`,
          state: 'state-1',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
        { redirect: 'manual' },
      );
    const registered = await authorize(fixedRedirect());
    expect(registered.status).toBe(302);
    expect(new URL(registered.headers.get('location') ?? '', g.issuer).pathname).toBe(
      '/login.html',
    );
    const response = await authorize(`http://127.0.0.1:${await freePort()}/callback`);
    // glewlwyd answers 403 and redirects nowhere (the browser would show its error page and
    // TokenDock would wait): with the registered port it sends the browser to its login page.
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
  });
});
