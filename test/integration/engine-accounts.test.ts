import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  daemonAccount,
  eventually,
  onBehalfOfInputs,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

let f: Fixture;
let h: Harness;
beforeAll(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await h?.close();
});
afterAll(async () => {
  await f?.close();
});

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenDockError);
  return error as TokenDockError;
};

describe('accounts', () => {
  it('adds, signs in, and survives a restart with its tokens', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    expect(account.state).toBe('signed-out');
    const signedIn = await h.engine.signIn(account.id, { password: ada.password });
    expect(signedIn.state).toBe('valid');
    expect(signedIn.identity).toMatchObject({
      userId: ada.username,
      name: 'Ada Lovelace',
      tenantId: f.sandbox.tenantId,
    });
    expect(signedIn.hasRefreshToken).toBe(true);
    const { accessToken } = await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(decodeJwt(accessToken).sub).toBe(ada.sub);

    const again = await h.reopen();
    h = again;
    const restored = h.engine.getAccount(account.id);
    expect(restored.state).toBe('valid');
    expect((await h.engine.getToken(account.id, account.targets[0]!.id)).accessToken).toBe(
      accessToken,
    );
  });

  it('refuses invalid input field by field and saves nothing', async () => {
    h = await startHarness(f);
    const bad: AccountInput = {
      name: ' ',
      authority: { kind: 'oidc', issuer: 'http://id.example.com' },
      flow: 'client_credentials',
      clientId: '',
      clientAuth: { kind: 'certificate', algorithm: 'RS256', thumbprintSha1Hex: 'AB'.repeat(20) },
      certificateKeyPem: '-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----',
      targets: [{ label: 'x', target: { kind: 'resource', resource: '' }, curlUrl: 'ftp://x' }],
    };
    const error = await rejection(h.engine.addAccount(bad));
    expect(error.code).toBe('invalid_configuration');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([
      'certificateKeyPem',
      'clientId',
      'issuer',
      'name',
      'targets.0.curlUrl',
      'targets.0.resource',
    ]);
    expect(error.fields?.issuer).toMatch(/plain http/);
    expect(error.fields?.certificateKeyPem).toMatch(/damaged or incomplete/);
    const missingUser = await rejection(
      h.engine.addAccount({ ...passwordAccount(f.sandbox), username: '' }),
    );
    expect(missingUser.fields).toEqual({ username: 'The password flow needs a user name.' });
    expect(h.engine.listAccounts()).toEqual([]);
    expect((await h.reopen()).engine.listAccounts()).toEqual([]);
  });

  it('renames, duplicates (signed out, secrets copied) and edits, keeping tokens only when they still apply', async () => {
    h = await startHarness(f);
    const daemon = await h.engine.addAccount(daemonAccount(f.sandbox));
    await h.engine.signIn(daemon.id);
    expect(h.engine.renameAccount(daemon.id, '  Build agent ').name).toBe('Build agent');

    const copy = h.engine.duplicateAccount(daemon.id);
    expect(copy.name).toBe('Build agent (copy)');
    expect(copy.state).toBe('signed-out');
    expect(copy.targets[0]!.id).not.toBe(daemon.targets[0]!.id);
    await h.engine.signIn(copy.id);
    expect(h.engine.getAccount(copy.id).state).toBe('valid');

    const kept = await h.engine.updateAccount(daemon.id, {
      ...daemonAccount(f.sandbox, 'Build agent'),
      clientSecret: undefined,
      targets: [
        { id: daemon.targets[0]!.id, label: 'Renamed target', target: daemon.targets[0]!.target },
      ],
    });
    expect(kept.targets[0]!.state).toBe('valid');
    const post = f.sandbox.clients.daemonPost;
    const moved = await h.engine.updateAccount(daemon.id, {
      ...daemonAccount(f.sandbox, 'Build agent'),
      clientId: post.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_post' },
      clientSecret: post.clientSecret,
    });
    expect(moved.state).toBe('signed-out');
    await h.engine.signIn(daemon.id);
    expect(
      decodeJwt((await h.engine.getToken(daemon.id, moved.targets[0]!.id)).accessToken).sub,
    ).toBe(post.clientId);
  });

  it('removes an account: revokes its refresh token and leaves nothing of it on disk', async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const keep = await h.engine.addAccount(daemonAccount(f.sandbox, 'Keep me'));
    await h.engine.signIn(keep.id);
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: ada.password });
    const { accessToken } = await h.engine.getToken(account.id, account.targets[0]!.id);
    // Fresh tokens reach the vault within the 200 ms group commit.
    await eventually(
      () => !!h!.vault.readSecret({ accountId: account.id, kind: 'refresh-token' }),
      1_000,
      'the write',
    );
    const refreshToken = h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })!;
    expect(refreshToken).toBeTruthy();

    await h.engine.removeAccount(account.id);
    const revocation = h.wire.requests.find((r) => r.url.endsWith('/token/revocation'));
    expect(revocation).toBeDefined();
    expect(h.engine.listAccounts().map((a) => a.id)).toEqual([keep.id]);
    expect(h.engine.activity()[0]).toMatchObject({ kind: 'account-removed' });
    expect(h.engine.activity().some((e) => e.kind === 'revoked')).toBe(true);
    const files = await h.fileContents();
    expect(files).not.toContain(account.id);
    expect(files).not.toContain(accessToken);
    expect(files).not.toContain(refreshToken);
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBeUndefined();
    await expect(h.engine.getToken(account.id, account.targets[0]!.id)).rejects.toHaveProperty(
      'code',
      'not_found',
    );
  });

  it('signs in through the embedded window for every target of one approval (RFC 8707 resources)', async () => {
    const ada = f.sandbox.users[0]!;
    h = await startHarness(f, { person: (page) => signInAtSandbox(page, ada) });
    const { api, middleTier } = f.sandbox.resources;
    const account = await h.engine.addAccount({
      name: 'Ada (browser)',
      authority: { kind: 'sandbox' },
      flow: 'authorization_code',
      clientId: f.sandbox.clients.native.clientId,
      clientAuth: { kind: 'none' },
      signInMode: 'embedded',
      redirectUri: f.sandbox.clients.native.redirectUri,
      targets: [
        {
          label: 'API',
          target: { kind: 'resource', resource: api.identifier, scopes: ['api.read'] },
        },
        {
          label: 'Middle tier',
          target: { kind: 'resource', resource: middleTier.identifier, scopes: middleTier.scopes },
        },
      ],
    });
    const steps: string[] = [];
    const view = await h.engine.signIn(account.id, { onProgress: (step) => steps.push(step) });
    expect(view.targets.map((t) => t.state)).toEqual(['valid', 'valid']);
    expect(steps).toEqual([
      'Contacting the provider…',
      'Waiting for you to sign in in the sign-in window…',
      'Getting a token for Middle tier…',
    ]);
    const [first, second] = await Promise.all(
      view.targets.map((t) => h.engine.getToken(account.id, t.id)),
    );
    expect(decodeJwt(first!.accessToken).aud).toBe(api.identifier);
    expect(decodeJwt(second!.accessToken).aud).toBe(middleTier.identifier);
  });

  it("exchanges another account's token on behalf of its user", async () => {
    h = await startHarness(f);
    const ada = f.sandbox.users[0]!;
    const { downstream } = f.sandbox.resources;
    const inputs = onBehalfOfInputs(f.sandbox);
    const user = await h.engine.addAccount(inputs.user);
    await h.engine.signIn(user.id, { password: ada.password });
    const obo = await h.engine.addAccount(
      inputs.obo({ accountId: user.id, targetId: user.targets[0]!.id }),
    );
    await h.engine.signIn(obo.id);
    const token = await h.engine.getToken(obo.id, obo.targets[0]!.id);
    expect(decodeJwt(token.accessToken)).toMatchObject({
      aud: downstream.identifier,
      sub: ada.sub,
    });
  });

  it('takes a certificate account, and says which field is wrong when the PEM is not a key', async () => {
    h = await startHarness(f);
    const cert = f.sandbox.clients.certDaemon;
    const input: AccountInput = {
      name: 'Cert daemon',
      authority: { kind: 'sandbox' },
      flow: 'client_credentials',
      clientId: cert.clientId,
      clientAuth: { kind: 'certificate', algorithm: 'PS256', certificatePem: cert.certificatePem },
      certificateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      targets: [
        {
          label: 'API',
          target: { kind: 'resource', resource: f.sandbox.resources.api.identifier },
        },
      ],
    };
    const error = await rejection(h.engine.addAccount(input));
    expect(error.fields).toEqual({
      certificatePem: 'The certificate does not belong to this private key.',
    });
    const account = await h.engine.addAccount({ ...input, certificateKeyPem: cert.privateKeyPem });
    await h.engine.signIn(account.id);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  });
});
