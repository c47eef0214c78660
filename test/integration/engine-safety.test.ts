import { writeFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../app/vault';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  daemonAccount,
  eventually,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 5 });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

describe('copy, reveal and decode', () => {
  it('copies in three formats, refreshing first when little time is left', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const input = passwordAccount(f.sandbox);
    input.targets[0]!.curlUrl = "https://api.example.test/me?x='1'";
    const account = await h.engine.addAccount(input);
    await h.engine.signIn(account.id, { password: ada.password });
    const targetId = account.targets[0]!.id;
    const before = h.wire.count('refresh_token');
    await h.engine.copyToken(account.id, targetId, 'raw');
    // 5-second tokens always have less than the 2 minutes copy wants: it refreshed first.
    expect(h.wire.count('refresh_token')).toBe(before + 1);
    const token = h.engine.revealToken(account.id, targetId);
    expect(h.clipboard.text).toBe(token);
    await h.engine.copyToken(account.id, targetId, 'header');
    expect(h.clipboard.text).toMatch(/^Authorization: Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await h.engine.copyToken(account.id, targetId, 'curl');
    expect(h.clipboard.text).toMatch(
      /^curl -H 'Authorization: Bearer eyJ[\w.-]+' 'https:\/\/api\.example\.test\/me\?x='\\''1'\\'''$/,
    );
    expect(
      h.engine
        .activity()
        .filter((e) => e.kind === 'copied')
        .map((e) => e.message),
    ).toEqual([
      'Copied the API token of Ada (password) (curl).',
      'Copied the API token of Ada (password) (header).',
      'Copied the API token of Ada (password) (raw).',
    ]);
  });

  it('decodes access and ID tokens with ISO times, and says when a token is opaque', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: ada.password });
    const targetId = account.targets[0]!.id;
    const access = h.engine.decodeToken(account.id, targetId, 'access');
    expect(access.kind).toBe('jwt');
    if (access.kind !== 'jwt') return;
    expect(access.claims.aud).toBe(f.sandbox.resources.api.identifier);
    expect(access.claims.exp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(new Date(access.claims.exp as string).getTime() / 1000).toBe(
      decodeJwt(h.engine.revealToken(account.id, targetId)).exp,
    );
    const id = h.engine.decodeToken(account.id, targetId, 'id');
    expect(id.kind === 'jwt' && id.claims.preferred_username).toBe(ada.username);
  });
});

describe('the clipboard', () => {
  it('is cleared after N seconds, and left alone when something else was copied meanwhile', async () => {
    h = await startHarness(f);
    await h.engine.updateSettings({ clipboardClearSeconds: 1 });
    const daemon = await h.engine.addAccount(daemonAccount(f.sandbox));
    await h.engine.signIn(daemon.id);
    const targetId = daemon.targets[0]!.id;
    await h.engine.copyToken(daemon.id, targetId, 'raw');
    expect(h.clipboard.text).not.toBe('');
    await new Promise((r) => setTimeout(r, 1_300));
    expect(h.clipboard.text).toBe('');

    await h.engine.copyToken(daemon.id, targetId, 'header');
    h.clipboard.writeText('something the user copied');
    await new Promise((r) => setTimeout(r, 1_300));
    expect(h.clipboard.text).toBe('something the user copied');
  });
});

describe('storage protection', () => {
  it('keeps refresh tokens off disk under an unprotected cipher unless the user opts in', async () => {
    const cipher = new AesGcmCipher(undefined, { isProtected: false, backend: 'basic_text' });
    h = await startHarness(f, { cipher });
    expect(h.engine.storageProtection()).toEqual({
      isProtected: false,
      backend: 'basic_text',
      secretsOnDisk: false,
      saving: { kind: 'ok' },
    });
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: ada.password });
    // Fresh tokens reach the vault within the 200 ms group commit.
    await eventually(
      () => !!h!.vault.readSecret({ accountId: account.id, kind: 'refresh-token' }),
      1_000,
      'the write',
    );
    const refreshToken = h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })!;
    const encrypted = Buffer.from(cipher.encrypt(refreshToken)).toString('base64');
    expect(refreshToken).toBeTruthy();
    const onDisk = await h.fileContents();
    expect(onDisk).not.toContain(refreshToken);
    expect(onDisk).not.toContain(encrypted.slice(0, 12));
    expect(h.engine.getAccount(account.id).state).toBe('valid');

    await h.engine.updateSettings({ persistUnprotectedSecrets: true });
    expect(h.engine.storageProtection().secretsOnDisk).toBe(true);
    const reopened = await h.reopen();
    h = reopened;
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBe(refreshToken);
  });

  it('after a restart without the opt-in, the account says "sign in again"', async () => {
    const cipher = new AesGcmCipher(undefined, { isProtected: false, backend: 'basic_text' });
    h = await startHarness(f, { cipher });
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: f.sandbox.users[0]!.password });
    h = await h.reopen();
    expect(h.engine.getAccount(account.id).state).toBe('needs-sign-in');
  });

  it('starts with a damaged store set aside, and says so in the activity log', async () => {
    h = await startHarness(f);
    await h.engine.addAccount(daemonAccount(f.sandbox));
    const file = h.vault.files().find((p) => /accounts\/[^/]+\.json$/.test(p))!;
    await h.engine.stop();
    writeFileSync(file, '{"schemaVersion": 1, "account": {"id": "trunc');
    h = await h.reopen();
    expect(h.engine.listAccounts()).toEqual([]);
    expect(h.engine.activity()[0]).toMatchObject({ kind: 'storage' });
    expect(h.engine.activity()[0]!.message).toMatch(/set aside as .*\.json\.corrupt-/);
    const again = await h.engine.addAccount(daemonAccount(f.sandbox));
    expect((await h.reopen()).engine.getAccount(again.id).name).toBe('Daemon');
  });
});

describe('accounts without a refresh token', () => {
  it('are flagged before they expire, then need sign-in at expiry', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const input = passwordAccount(f.sandbox);
    const account = await h.engine.addAccount(input);
    // As with a provider that issues no refresh token.
    h.wire.withholdRefreshTokens = true;
    await h.engine.signIn(account.id, { password: ada.password });
    expect(h.engine.getAccount(account.id).hasRefreshToken).toBe(false);
    await eventually(
      () => h!.notifications.some((n) => /expires in/.test(n.title)),
      5_000,
      'the warning',
    );
    expect(h.engine.getAccount(account.id).state).toBe('expiring');
    await eventually(
      () => h!.engine.getAccount(account.id).state === 'needs-sign-in',
      6_000,
      'needs-sign-in',
    );
    expect(h.wire.count('refresh_token')).toBe(0);
  });
});

describe('sleep and network changes', () => {
  it('re-evaluates every deadline at once after resume', async () => {
    let offset = 0;
    h = await startHarness(f, { clock: { now: () => Date.now() + offset } });
    await h.engine.updateSettings({ leadTimeMinutes: 0, leadTimeFraction: 0.01 });
    const daemon = await h.engine.addAccount(daemonAccount(f.sandbox));
    await h.engine.signIn(daemon.id);
    const requests = h.wire.count('client_credentials');
    offset = 60_000; // the machine slept a minute: timers did not fire
    h.power.fireResume();
    await eventually(
      () => h!.wire.count('client_credentials') > requests,
      1_000,
      'an immediate re-acquire',
    );
  });
});

describe('secrets never reach logs or files', () => {
  it('finds none of the secrets that crossed the wire in the logs, the activity log or the vault files', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const user = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(user.id, { password: ada.password });
    const daemon = await h.engine.addAccount(daemonAccount(f.sandbox));
    await h.engine.signIn(daemon.id);
    const cert = f.sandbox.clients.certDaemon;
    const certAccount = await h.engine.addAccount({
      ...daemonAccount(f.sandbox, 'Cert'),
      clientId: cert.clientId,
      clientAuth: { kind: 'certificate', algorithm: 'RS256', certificatePem: cert.certificatePem },
      clientSecret: undefined,
      certificateKeyPem: cert.privateKeyPem,
    });
    await h.engine.signIn(certAccount.id);
    await eventually(
      () => h!.events.filter((e) => e.type === 'token-refreshed').length >= 4,
      8_000,
      'background refreshes',
    );
    await h.engine.signIn(user.id, { password: 'wrong password' }).catch(() => undefined);
    await h.engine.setCurlUrl(user.id, user.targets[0]!.id, 'https://api.contoso.test/me');
    await h.engine.copyToken(user.id, user.targets[0]!.id, 'curl');
    await h.engine.removeAccount(user.id);

    const secrets = new Set([
      ...h.wire.secrets,
      ada.password,
      'wrong password',
      f.sandbox.clients.daemon.clientSecret,
      cert.privateKeyPem,
    ]);
    expect(secrets.size).toBeGreaterThan(10);
    const haystacks = {
      logs: h.logLines.join('\n'),
      activity: JSON.stringify(h.engine.activity()),
      events: JSON.stringify(h.events),
      views: JSON.stringify(h.engine.listAccounts()),
      files: await h.fileContents(),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) {
        for (const piece of [secret, secret.slice(0, 24)]) {
          if (piece.length >= 12) expect(text.includes(piece), `a secret in ${where}`).toBe(false);
        }
      }
    }
  });
});
