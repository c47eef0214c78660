import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithAuthorizationCode } from '../../app/flows/authorization-code';
import type { ExternalBrowser } from '../../app/ports';
import { ChromiumAuthWindow, type AuthWindowHooks } from '../support/chromium-auth-window';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { apiTarget, nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { failure } from '../support/failure';
import { asUnsecured, tamperTokenResponses, withClaims } from '../support/tampering-fetch';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.close();
});

const ada = () => f.sandbox.users[0]!;
const allow = (page: Page) => signInAtSandbox(page, ada());
const embedded = (person = allow, hooks?: AuthWindowHooks) => {
  const authWindow = new ChromiumAuthWindow(f.browser, person, hooks);
  return {
    authWindow,
    mode: {
      kind: 'embedded' as const,
      authWindow,
      redirectUri: f.sandbox.clients.native.redirectUri,
    },
  };
};

describe('authorization code + PKCE, public client', () => {
  it('signs in through the embedded window and returns a complete TokenSet', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const before = Date.now();
    const { mode, authWindow } = embedded();
    const tokens = await signInWithAuthorizationCode(connection, {
      target: apiTarget(f.sandbox),
      mode,
    });

    const url = new URL(authWindow.opened[0]!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('prompt')).toBe('consent');

    const claims = decodeJwt(tokens.accessToken);
    expect(claims.aud).toBe(f.sandbox.resources.api.identifier);
    expect(claims.sub).toBe(ada().sub);
    expect(claims.exp).toBeGreaterThan(before / 1000);
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresOn).toBeGreaterThanOrEqual(before + 3600_000 - 5_000);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.scope.split(' ')).toEqual(expect.arrayContaining(['api.read']));
    expect(tokens.resource).toBe(f.sandbox.resources.api.identifier);
    expect(tokens.account).toEqual({
      userId: ada().username,
      tenantId: f.sandbox.tenantId,
      oid: ada().oid,
      subject: ada().sub,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      identityProvider: f.sandbox.issuer,
    });
  });

  it('signs in through the system browser and a loopback redirect on a random port', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const context = await f.browser.newContext();
    const browser: ExternalBrowser = {
      open: async (url) => {
        const page = await context.newPage();
        await page.goto(url);
        void allow(page);
      },
    };
    try {
      const tokens = await signInWithAuthorizationCode(connection, {
        target: apiTarget(f.sandbox),
        mode: { kind: 'system-browser', browser },
      });
      expect(decodeJwt(tokens.accessToken).sub).toBe(ada().sub);
      const page = context.pages()[0]!;
      await expect(page.getByRole('heading', { name: 'Signed in' }).textContent()).resolves.toBe(
        'Signed in',
      );
      expect(new URL(page.url()).port).not.toBe('');
    } finally {
      await context.close();
    }
  });

  it('reports a wrong password at the page, and closing the window cancels', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded(async (page) => {
      await page.getByLabel('Username').fill(ada().username);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong username or password.').waitFor();
      await page.close();
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('window_closed');
  });

  it('turns Deny at the consent page into access_denied', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded((page) => signInAtSandbox(page, ada(), 'deny'));
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('access_denied');
    expect(error?.providerError).toBe('access_denied');
  });

  it('refuses a redirect whose state is not ours', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded(allow, {
      redirect: (url) => {
        const u = new URL(url);
        u.searchParams.set('state', 'forged-state');
        return u.href;
      },
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('state_mismatch');
  });

  it('refuses a redirect from another issuer (iss response parameter, RFC 9207)', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded(allow, {
      redirect: (url) => {
        const u = new URL(url);
        u.searchParams.set('iss', 'https://evil.example');
        return u.href;
      },
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('issuer_mismatch');
  });

  it('refuses an ID token minted for another nonce', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded(allow, {
      authorizationUrl: (url) => {
        const u = new URL(url);
        u.searchParams.set('nonce', 'attacker-nonce');
        return u.href;
      },
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('nonce_mismatch');
  });

  it.each([
    [
      'a changed claim (signature no longer matches)',
      (t: string) => withClaims(t, (c) => (c.sub = 'someone-else')),
    ],
    ['alg none', asUnsecured],
  ])('refuses an ID token with %s', async (_name, tamper) => {
    const tokenPath = new URL(`${f.sandbox.issuer}/token`).pathname;
    const connection = await f.connectClient(nativeClient(f.sandbox), {
      fetch: tamperTokenResponses(globalThis.fetch, tokenPath, (body) => ({
        ...body,
        id_token: tamper(body.id_token as string),
      })),
    });
    const { mode } = embedded();
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('id_token_invalid');
  });

  it('fails the code exchange when the PKCE challenge was swapped', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const { mode } = embedded(allow, {
      authorizationUrl: (url) => {
        const u = new URL(url);
        u.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
        return u.href;
      },
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode }),
    );
    expect(error?.code).toBe('invalid_grant');
  });

  it('refuses a replayed authorization code', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    let captured: URL | undefined;
    const first = embedded(allow, {
      redirect: (url) => {
        captured = new URL(url);
        return url;
      },
    });
    await signInWithAuthorizationCode(connection, {
      target: apiTarget(f.sandbox),
      mode: first.mode,
    });
    // The attacker injects the used code into a new sign-in, with that sign-in's own state.
    const replay = embedded(allow, {
      redirect: (url) => {
        const fresh = new URL(url);
        fresh.searchParams.set('code', captured!.searchParams.get('code')!);
        return fresh.href;
      },
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, { target: apiTarget(f.sandbox), mode: replay.mode }),
    );
    expect(error?.code).toBe('invalid_grant');
  });

  it('is cancelled by its signal', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const controller = new AbortController();
    const { mode } = embedded(async () => {
      controller.abort();
    });
    const error = await failure(
      signInWithAuthorizationCode(connection, {
        target: apiTarget(f.sandbox),
        mode,
        signal: controller.signal,
      }),
    );
    expect(error?.code).toBe('cancelled');
  });
});

describe('authorization code, confidential clients', () => {
  it('signs in the web client with its client secret', async () => {
    const web = f.sandbox.clients.web;
    const connection = await f.connectClient({
      clientId: web.clientId,
      credential: { kind: 'secret', secret: web.clientSecret },
    });
    const authWindow = new ChromiumAuthWindow(f.browser, allow);
    const tokens = await signInWithAuthorizationCode(connection, {
      target: apiTarget(f.sandbox),
      mode: { kind: 'embedded', authWindow, redirectUri: web.redirectUri },
    });
    expect(decodeJwt(tokens.accessToken)).toMatchObject({
      aud: f.sandbox.resources.api.identifier,
      sub: ada().sub,
    });
    expect(tokens.account.userId).toBe(ada().username);
  });

  it('signs in the certificate client with a private_key_jwt assertion', async () => {
    const cert = f.sandbox.clients.certDaemon;
    const connection = await f.connectClient({
      clientId: cert.clientId,
      credential: {
        kind: 'certificate',
        privateKeyPem: cert.privateKeyPem,
        certificatePem: cert.certificatePem,
      },
    });
    // The person's page is awaited before the test ends: left running, it met a closed browser.
    let person: Promise<void> | undefined;
    const tokens = await signInWithAuthorizationCode(connection, {
      target: apiTarget(f.sandbox),
      mode: {
        kind: 'system-browser',
        browser: { open: async (url) => void (person = openAndAllow(url)) },
      },
    });
    await person;
    expect(decodeJwt(tokens.accessToken).sub).toBe(ada().sub);
  });
});

async function openAndAllow(url: string): Promise<void> {
  const context = await f.browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await allow(page);
  await page.waitForLoadState();
  await context.close();
}
