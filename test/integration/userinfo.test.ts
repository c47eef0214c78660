import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { signInWithPassword } from '../../app/flows/password';
import { withUserInfo } from '../../app/flows/userinfo';
import type { Logger } from '../../app/ports';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { passwordAccount, startHarness, type Harness } from '../support/engine-harness';

// A provider whose ID tokens carry `sub` alone (OpenID Connect Core §5.4): name and e-mail are
// served by its userinfo endpoint only.
let f: Fixture;
let h: Harness | undefined;
let userinfoEndpoint: string;
beforeAll(async () => {
  f = await startFixture({ subjectOnlyIdTokens: true });
  const metadata = (await (
    await fetch(`${f.sandbox.issuer}/.well-known/openid-configuration`)
  ).json()) as { userinfo_endpoint: string };
  userinfoEndpoint = metadata.userinfo_endpoint;
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

/** A password account whose first target asks for the OpenID scopes only (no resource). */
function personAccount(): AccountInput {
  return {
    ...passwordAccount(f.sandbox, 'Ada (sub-only ID token)'),
    targets: [{ label: 'Profile', target: { kind: 'scopes', scopes: ['email'] } }],
  };
}

const userinfoRequests = (harness: Harness) =>
  harness.wire.requests.filter((r) => r.url === userinfoEndpoint);

describe('who is signed in, when the ID token holds only sub', () => {
  it("fills the account's name and e-mail from userinfo, asked once at sign-in", async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(personAccount());
    const signedIn = await h.engine.signIn(account.id, { password: ada.password });
    expect(signedIn.state).toBe('valid');
    // The ID token itself names nobody.
    const idToken = h.engine.decodeToken(account.id, account.targets[0]!.id, 'id');
    expect(idToken.kind).toBe('jwt');
    const claims = idToken.kind === 'jwt' ? idToken.claims : {};
    expect(claims.sub).toBe(ada.sub);
    for (const claim of ['name', 'email', 'preferred_username', 'given_name', 'family_name'])
      expect(claims).not.toHaveProperty(claim);
    expect(signedIn.identity).toMatchObject({
      subject: ada.sub,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      userId: ada.username,
    });
    expect(userinfoRequests(h)).toHaveLength(1);
    expect(signedIn.authorityLabel).toBe('TokenDock sandbox');
  });

  it('keeps the name userinfo gave when a refresh brings a new sub-only ID token', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount({
      ...personAccount(),
      targets: [
        { label: 'Email', target: { kind: 'scopes', scopes: ['email'] } },
        { label: 'Profile', target: { kind: 'scopes', scopes: ['profile'] } },
      ],
    });
    // The second target comes from the new refresh token, with an ID token of its own.
    const signedIn = await h.engine.signIn(account.id, { password: ada.password });
    expect(signedIn.identity).toMatchObject({ subject: ada.sub, name: 'Ada Lovelace' });
    await h.engine.refreshNow(account.id, account.targets[0]!.id);
    expect(h.engine.getAccount(account.id).identity).toMatchObject({
      subject: ada.sub,
      name: 'Ada Lovelace',
    });
  });

  it('fills it after an authorization code sign-in in the embedded window too', async () => {
    const ada = f.sandbox.users[0]!;
    h = await startHarness(f, { person: (page) => signInAtSandbox(page, ada) });
    const account = await h.engine.addAccount({
      name: 'Ada (browser)',
      authority: { kind: 'sandbox' },
      flow: 'authorization_code',
      clientId: f.sandbox.clients.native.clientId,
      clientAuth: { kind: 'none' },
      signInMode: 'embedded',
      redirectUri: f.sandbox.clients.native.redirectUri,
      targets: [{ label: 'Profile', target: { kind: 'scopes', scopes: ['email'] } }],
    });
    const signedIn = await h.engine.signIn(account.id);
    expect(signedIn.state).toBe('valid');
    const idToken = h.engine.decodeToken(account.id, account.targets[0]!.id, 'id');
    expect(idToken.kind === 'jwt' && idToken.claims.name).toBeFalsy();
    expect(idToken.kind === 'jwt' && idToken.claims.email).toBeFalsy();
    expect(signedIn.identity).toMatchObject({
      subject: ada.sub,
      name: 'Ada Lovelace',
      userId: ada.username,
    });
    expect(userinfoRequests(h)).toHaveLength(1);
  });

  it('keeps the sign-in, with the ID token identity, when userinfo fails', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(personAccount());
    f.sandbox.faults.inject({ kind: 'status500', path: new URL(userinfoEndpoint).pathname });
    const signedIn = await h.engine.signIn(account.id, { password: ada.password });
    expect(signedIn.state).toBe('valid');
    expect(signedIn.identity?.subject).toBe(ada.sub);
    expect(signedIn.identity?.name).toBeUndefined();
    expect(signedIn.identity?.userId).toBeUndefined();
    expect(userinfoRequests(h)).toHaveLength(1);
    expect(h.logLines.some((l) => l.startsWith('warn sign-in: userinfo failed'))).toBe(true);
    const { accessToken } = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(accessToken).toBeTruthy();
  });

  it("does not send a resource's access token to userinfo", async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    // The first target is the sandbox API (RFC 8707 resource): its token is not for userinfo.
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    const signedIn = await h.engine.signIn(account.id, { password: ada.password });
    expect(signedIn.state).toBe('valid');
    expect(signedIn.identity?.subject).toBe(ada.sub);
    expect(signedIn.identity?.name).toBeUndefined();
    expect(userinfoRequests(h)).toHaveLength(0);
  });
});

describe('withUserInfo', () => {
  it("refuses another user's answer: openid-client checks userinfo's sub against the ID token's", async () => {
    const ada = f.sandbox.users[0]!;
    const grace = f.sandbox.users[1]!;
    // A userinfo answer for someone else (a mix-up, or a proxy's cache).
    const connection = await f.connectClient(nativeClient(f.sandbox), {
      fetch: async (input, init) => {
        if (String(input) !== userinfoEndpoint) return fetch(input, init);
        return Response.json({ sub: grace.sub, name: grace.name, email: grace.email });
      },
    });
    const tokens = await signInWithPassword(connection, {
      target: { kind: 'scopes', scopes: ['email'] },
      username: ada.username,
      password: ada.password,
    });
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => void warnings.push(message),
      error: () => undefined,
    };
    const result = await withUserInfo(connection, tokens, logger);
    expect(result.account).toEqual(tokens.account);
    expect(result.account.subject).toBe(ada.sub);
    expect(result.account.name).toBeUndefined();
    expect(warnings).toEqual(['sign-in: userinfo failed; the ID token identity is kept']);
  });
});

describe('who is signed in, when the ID token names the user', () => {
  it('asks userinfo nothing', async () => {
    const full = await startFixture({ browser: false });
    try {
      const harness = await startHarness(full);
      h = harness;
      const ada = full.sandbox.users[0]!;
      const account = await harness.engine.addAccount({
        ...passwordAccount(full.sandbox),
        targets: [{ label: 'Profile', target: { kind: 'scopes', scopes: ['email'] } }],
      });
      const signedIn = await harness.engine.signIn(account.id, { password: ada.password });
      expect(signedIn.identity).toMatchObject({ name: 'Ada Lovelace', userId: ada.username });
      const { userinfo_endpoint: endpoint } = (await (
        await fetch(`${full.sandbox.issuer}/.well-known/openid-configuration`)
      ).json()) as { userinfo_endpoint: string };
      expect(harness.wire.requests.filter((r) => r.url === endpoint)).toHaveLength(0);
      await harness.close();
      h = undefined;
    } finally {
      await full.close();
    }
  });
});
