import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine, type AccountInput } from '../../app/engine';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { RecordingClipboard } from '../support/engine-harness';
import {
  RECORDED_TENANT,
  RecordingAuthWindow,
  startClaimsEntra,
  type ClaimsEntra,
  type RecordedResponse,
} from '../support/entra-claims';
import { fixture } from '../support/entra-recorded';

/**
 * Claims challenges through the whole engine, against an Entra tenant served over HTTP on
 * 127.0.0.1 that refuses with bodies Microsoft's libraries recorded (test/fixtures/entra/claims-*,
 * provenance in the README). Before: `claims`, `suberror` and `error_uri` were dropped, the next
 * sign-in asked for the same insufficient token, and client capabilities could not be declared.
 */

const clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const cipher = new AesGcmCipher();

interface Recorded {
  status: number;
  body: Record<string, unknown> & { claims?: string; suberror?: string; error_codes?: number[] };
}
const field = fixture<{ mfaEnrollmentWithCapolids: Recorded; compliantDevice53000: Recorded }>(
  'claims-field-responses.json',
);
const msalJs = fixture<{ interactionRequiredWithClaims: Recorded; badTokenSuberror: Recorded }>(
  'claims-msal-js-responses.json',
);
const dotnet = fixture<{
  invalidGrantWithBase64Claims: RecordedResponse;
  tooManyRequestsJson: RecordedResponse;
  serverError503: RecordedResponse;
}>('claims-msal-dotnet-responses.json');

const CP1 = { xms_cc: { values: ['cp1'] } };

const input: AccountInput = {
  name: 'Megan (Entra)',
  authority: { kind: 'entra', tenant: RECORDED_TENANT, cloud: 'public', version: 'v2' },
  flow: 'authorization_code',
  clientId,
  clientAuth: { kind: 'none' },
  signInMode: 'embedded',
  redirectUri: 'https://login.microsoftonline.com/common/oauth2/nativeclient',
  targets: [
    {
      label: 'Graph',
      target: { kind: 'scopes', scopes: ['https://graph.microsoft.com/User.Read'] },
    },
  ],
  clientCapabilities: ['cp1'],
};

let directory: string;
let entra: ClaimsEntra;
let window: RecordingAuthWindow;
const running: Array<{ engine: Engine; vault: Vault }> = [];

function open(): Engine {
  const vault = openVault({ directory: join(directory, 'store'), cipher });
  const engine = new Engine({
    vault,
    fetch: entra.fetch,
    clipboard: new RecordingClipboard(),
    notifier: { notify: () => undefined },
    authWindow: window,
    random: () => 0,
  });
  engine.start();
  running.push({ engine, vault });
  return engine;
}

async function restart(engine: Engine): Promise<Engine> {
  const index = running.findIndex((r) => r.engine === engine);
  const [r] = running.splice(index, 1);
  await r!.engine.stop();
  await r!.vault.close();
  return open();
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tokendock-claims-'));
  entra = await startClaimsEntra({ clientId });
  window = new RecordingAuthWindow(entra);
});

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.engine.stop();
    await r.vault.close();
  }
  await entra.close();
  await rm(directory, { recursive: true, force: true });
});

/** The failure of `promise`, which must fail with a TokenDockError. */
async function failure(promise: Promise<unknown>): Promise<TokenDockError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDockError);
    return error as TokenDockError;
  }
  throw new Error('expected a failure');
}

/** A signed-in account, then a refresh the provider refuses with `recorded`. */
async function refusedRefresh(engine: Engine, recorded: RecordedResponse) {
  const account = await engine.addAccount(input);
  await engine.signIn(account.id);
  const targetId = account.targets[0]!.id;
  entra.answerNextToken(recorded);
  const error = await failure(engine.refreshNow(account.id, targetId));
  return { accountId: account.id, targetId, error };
}

async function accountFile(engine: Engine, accountId: string): Promise<Record<string, unknown>> {
  const vault = running.find((r) => r.engine === engine)!.vault;
  const file = vault.files().find((f) => f.includes(accountId))!;
  return (JSON.parse(await readFile(file, 'utf8')) as { account: Record<string, unknown> }).account;
}

describe('claims challenges at a recorded Entra', () => {
  it('keeps claims, suberror and error_uri of recorded refusals', async () => {
    const engine = open();

    const mfa = field.mfaEnrollmentWithCapolids;
    const first = await refusedRefresh(engine, mfa);
    expect(first.error).toMatchObject({
      code: 'interaction_required',
      claims: mfa.body.claims,
      suberror: 'basic_action',
      errorCodes: [50079],
    });
    const view = engine.getAccount(first.accountId);
    expect(view.targets[0]!.lastError).toMatchObject({
      claims: mfa.body.claims,
      suberror: 'basic_action',
    });
    expect(view.claimsChallenge).toMatchObject({
      claims: mfa.body.claims,
      suberror: 'basic_action',
      errorCodes: [50079],
      targetId: first.targetId,
    });

    const device = await refusedRefresh(engine, field.compliantDevice53000);
    expect(device.error).toMatchObject({
      code: 'interaction_required',
      suberror: 'additional_action',
      errorUri: 'https://login.microsoftonline.com/error?code=53000',
      errorCodes: [53000],
    });
    expect(device.error.hint).toMatch(/compliant device/);
    // No claims in that body: nothing for the next sign-in to send back.
    expect(engine.getAccount(device.accountId).claimsChallenge).toBeUndefined();

    const badToken = await refusedRefresh(engine, msalJs.badTokenSuberror);
    expect(badToken.error.toInfo()).toMatchObject({
      code: 'invalid_grant',
      suberror: 'bad_token',
      errorUri: 'https://login.microsoftonline.com/error?code=9002313',
    });

    // MSAL .NET's body carries the claims base64-encoded: kept decoded.
    const encoded = await refusedRefresh(engine, dotnet.invalidGrantWithBase64Claims);
    expect(encoded.error.claims).toBe('{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}');
    expect(engine.getAccount(encoded.accountId).claimsChallenge?.claims).toBe(encoded.error.claims);
  });

  it('sends cp1 with every sign-in and refresh when declared, and nothing when not', async () => {
    const engine = open();
    const account = await engine.addAccount(input);
    await engine.signIn(account.id);
    const cp1Only = JSON.stringify({ access_token: CP1 });
    expect(window.opened[0]!.searchParams.get('claims')).toBe(cp1Only);
    expect(entra.tokenRequests[0]!.get('claims')).toBe(cp1Only);
    await engine.refreshNow(account.id, account.targets[0]!.id);
    expect(entra.tokenRequests[1]!.get('grant_type')).toBe('refresh_token');
    expect(entra.tokenRequests[1]!.get('claims')).toBe(cp1Only);

    const plain = await engine.addAccount({ ...input, name: 'Plain', clientCapabilities: [] });
    await engine.signIn(plain.id);
    expect(window.opened[1]!.searchParams.has('claims')).toBe(false);
    expect(entra.tokenRequests[2]!.has('claims')).toBe(false);
  });

  it("the next sign-in's authorization URL carries the challenge merged with cp1; success clears it", async () => {
    const engine = open();
    const mfa = field.mfaEnrollmentWithCapolids;
    const { accountId } = await refusedRefresh(engine, mfa);
    const merged = JSON.stringify({
      access_token: {
        ...(JSON.parse(mfa.body.claims!) as { access_token: object }).access_token,
        ...CP1,
      },
    });

    // A sign-in that does not finish (the window is closed) keeps the challenge.
    window.next = 'close';
    await failure(engine.signIn(accountId));
    expect(window.opened.at(-1)!.searchParams.get('claims')).toBe(merged);
    expect(engine.getAccount(accountId).claimsChallenge?.claims).toBe(mfa.body.claims);

    window.next = 'approve';
    const requestsBefore = entra.tokenRequests.length;
    await engine.signIn(accountId);
    expect(window.opened.at(-1)!.searchParams.get('claims')).toBe(merged);
    // The code is redeemed with the same claims (as MSAL does).
    const redemption = entra.tokenRequests[requestsBefore]!;
    expect(redemption.get('grant_type')).toBe('authorization_code');
    expect(redemption.get('claims')).toBe(merged);
    expect(engine.getAccount(accountId).claimsChallenge).toBeUndefined();
    expect(await accountFile(engine, accountId)).not.toHaveProperty('claimsChallenge');
    // And the sign-in after that asks for cp1 alone again.
    await engine.signIn(accountId);
    expect(window.opened.at(-1)!.searchParams.get('claims')).toBe(
      JSON.stringify({ access_token: CP1 }),
    );
  });

  it('the pending challenge survives a restart (vault account shape)', async () => {
    let engine = open();
    const recorded = msalJs.interactionRequiredWithClaims;
    const { accountId } = await refusedRefresh(engine, recorded);
    const pending = engine.getAccount(accountId).claimsChallenge;
    expect(pending).toMatchObject({ claims: recorded.body.claims, errorCodes: [50079] });
    // Written with the account record (the refusal's write is not awaited by anyone).
    await vi.waitFor(async () =>
      expect(await accountFile(engine, accountId)).toMatchObject({ claimsChallenge: pending }),
    );

    engine = await restart(engine);
    expect(engine.getAccount(accountId).claimsChallenge).toEqual(pending);
    expect(engine.getAccount(accountId).clientCapabilities).toEqual(['cp1']);
    await engine.signIn(accountId);
    expect(JSON.parse(window.opened.at(-1)!.searchParams.get('claims')!)).toEqual({
      access_token: { ...JSON.parse(recorded.body.claims!).access_token, ...CP1 },
    });
    expect(engine.getAccount(accountId).claimsChallenge).toBeUndefined();
  });

  it('a refresh after the challenge sends it, and clears it on success', async () => {
    const engine = open();
    const account = await engine.addAccount(input);
    const targetId = account.targets[0]!.id;
    await engine.signIn(account.id);
    // A second sign-in is refused at the code redemption with a challenge; the refresh token of
    // the first sign-in is still held.
    const mfa = field.mfaEnrollmentWithCapolids;
    entra.answerNextToken(mfa);
    const refused = await failure(engine.signIn(account.id));
    expect(refused.claims).toBe(mfa.body.claims);
    expect(engine.getAccount(account.id).claimsChallenge?.claims).toBe(mfa.body.claims);
    expect(engine.getAccount(account.id).hasRefreshToken).toBe(true);

    const before = entra.tokenRequests.length;
    await engine.refreshNow(account.id, targetId);
    const refresh = entra.tokenRequests[before]!;
    expect(refresh.get('grant_type')).toBe('refresh_token');
    expect(JSON.parse(refresh.get('claims')!)).toEqual({
      access_token: { ...JSON.parse(mfa.body.claims!).access_token, ...CP1 },
    });
    expect(engine.getAccount(account.id).claimsChallenge).toBeUndefined();
    expect(await accountFile(engine, account.id)).not.toHaveProperty('claimsChallenge');
  });

  it('a device code sign-in sends the challenge merged with cp1 (device request and polls)', async () => {
    const engine = open();
    const account = await engine.addAccount({
      ...input,
      name: 'Megan (device code)',
      flow: 'device_code',
      signInMode: undefined,
      redirectUri: undefined,
    });
    // The first sign-in is refused at the poll with a recorded challenge.
    const mfa = field.mfaEnrollmentWithCapolids;
    entra.answerNextToken(mfa);
    const refused = await failure(engine.signIn(account.id));
    expect(refused).toMatchObject({ code: 'interaction_required', claims: mfa.body.claims });
    expect(entra.deviceRequests[0]!.get('claims')).toBe(JSON.stringify({ access_token: CP1 }));

    const merged = {
      access_token: { ...JSON.parse(mfa.body.claims!).access_token, ...CP1 },
    };
    const polls = entra.tokenRequests.length;
    await engine.signIn(account.id);
    expect(JSON.parse(entra.deviceRequests[1]!.get('claims')!)).toEqual(merged);
    const poll = entra.tokenRequests[polls]!;
    expect(poll.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(JSON.parse(poll.get('claims')!)).toEqual(merged);
    expect(engine.getAccount(account.id).claimsChallenge).toBeUndefined();
  });

  it('429 and 503 with Retry-After (recorded) back off exactly as long as asked', async () => {
    const engine = open();
    const account = await engine.addAccount(input);
    const targetId = account.targets[0]!.id;
    await engine.signIn(account.id);

    entra.answerNextToken(dotnet.tooManyRequestsJson);
    const before = Date.now();
    const limited = await failure(engine.refreshNow(account.id, targetId));
    const after = Date.now();
    expect(limited).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 120,
      httpStatus: 429,
    });
    const waiting = engine.getAccount(account.id).targets[0]!;
    expect(waiting.state).toBe('retrying');
    expect(waiting.nextRefreshOn).toBeGreaterThanOrEqual(before + 120_000 - 5);
    expect(waiting.nextRefreshOn).toBeLessThanOrEqual(after + 120_000 + 5);

    entra.answerNextToken(dotnet.serverError503);
    const requests = entra.tokenRequests.length;
    const failedAt = Date.now();
    const unavailable = await failure(engine.refreshNow(account.id, targetId));
    expect(unavailable).toMatchObject({
      code: 'temporarily_unavailable',
      retryAfterSeconds: 1,
      httpStatus: 503,
    });
    // The scheduler tries again by itself after exactly one second, not before.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(entra.tokenRequests.length).toBe(requests + 1);
    const until = Date.now() + 2_000;
    while (entra.tokenRequests.length === requests + 1 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(entra.tokenRequests.length).toBe(requests + 2);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - failedAt).toBeLessThan(1_600);
  });
});

describe('client capabilities are validated', () => {
  it('refuses cp1 for a provider other than Entra ID and for app-only flows', async () => {
    directory ??= await mkdtemp(join(tmpdir(), 'tokendock-claims-'));
    const engine = open();
    const oidc = await failure(
      engine.addAccount({
        ...input,
        authority: { kind: 'oidc', issuer: 'https://login.microsoftonline.com/x/v2.0' },
      }),
    );
    expect(oidc.fields?.clientCapabilities).toMatch(/Microsoft Entra ID feature/);
    const daemon = await failure(
      engine.addAccount({
        ...input,
        flow: 'client_credentials',
        clientAuth: { kind: 'secret', method: 'client_secret_post' },
        clientSecret: 'secret-value',
      }),
    );
    expect(daemon.fields?.clientCapabilities).toMatch(/a person signs in/);
  });
});
