/**
 * Issue 11, "Errors": how the engine reports and handles the error answers that independent
 * providers and the proxies in front of them really give, through the sandbox's fault switches.
 * What an account shows (code, hint, HTTP status) and what the background refresh does: a 401,
 * a 403 or `invalid_client` needs a person and is never retried by itself; a 5xx `server_error`
 * still is.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput, EngineEvent } from '../../app/engine';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import type { FaultKind } from '../../app/sandbox/types';
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
  // 3-second tokens: a healthy account is refreshed about every 1.5 s.
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 3 });
});
afterEach(async () => {
  f.sandbox.faults.clear();
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

const failures = (events: EngineEvent[]) =>
  events.filter(
    (e): e is Extract<EngineEvent, { type: 'refresh-failed' }> => e.type === 'refresh-failed',
  );
const faulted = (kind: FaultKind, since: number) =>
  f.sandbox.tokenRequests.filter((r) => r.fault === kind && r.at >= since).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The daemon that sends its secret in the body: with `client_secret_basic` and an id that
 * form-encoding changes, a refusal's hint is "try client_secret_post" (client-auth.ts), which
 * would hide the hints under test here.
 */
const postDaemon = (): AccountInput => ({
  ...daemonAccount(f.sandbox, 'Daemon (post)'),
  clientId: f.sandbox.clients.daemonPost.clientId,
  clientAuth: { kind: 'secret', method: 'client_secret_post' },
  clientSecret: f.sandbox.clients.daemonPost.clientSecret,
});

describe('hints where the client sends its secret in the Authorization header', () => {
  it('a web page in the way keeps its own hint, not "try client_secret_post"', async () => {
    h = await startHarness(f);
    // tokendock-daemon: form-encoding changes its "-", so a real refusal would suggest post.
    const account = await h.engine.addAccount(daemonAccount(f.sandbox));
    f.sandbox.faults.inject({ kind: 'html403' });
    const error = (await h.engine.signIn(account.id).then(
      () => expect.unreachable('sign-in succeeded'),
      (e: unknown) => e,
    )) as TokenDockError;
    expect(error.hint ?? '').toMatch(/proxy, a firewall or a Wi-Fi sign-in page/);
    f.sandbox.faults.inject({ kind: 'basic401json' });
    const refused = (await h.engine.signIn(account.id).then(
      () => expect.unreachable('sign-in succeeded'),
      (e: unknown) => e,
    )) as TokenDockError;
    expect(refused.hint ?? '').toMatch(/client_secret_post/);
  });
});

describe('what a sign-in that meets each answer reports', () => {
  const cases: Array<{
    kind: FaultKind;
    code: string;
    status: number;
    message: RegExp;
    hint: RegExp;
    providerError?: string;
  }> = [
    {
      kind: 'basic401json',
      code: 'invalid_client',
      status: 401,
      message: /^invalid_client: injected basic401json fault$/,
      hint: /client id and its credentials/,
      providerError: 'invalid_client',
    },
    {
      kind: 'empty401',
      code: 'invalid_client',
      status: 401,
      message: /refused the client's authentication \(HTTP 401 with an empty body\)/,
      hint: /client id and its credentials/,
    },
    {
      kind: 'empty403',
      code: 'provider_error',
      status: 403,
      message: /refused the request \(HTTP 403 with an empty body\)/,
      hint: /registration/,
    },
    {
      kind: 'html403',
      code: 'provider_error',
      status: 403,
      message: /HTTP 403 with an HTML page/,
      hint: /proxy, a firewall or a Wi-Fi sign-in page/,
    },
    {
      kind: 'oauth500',
      code: 'invalid_request',
      status: 500,
      message: /^invalid_request: injected oauth500 fault$/,
      hint: /.*/,
      providerError: 'invalid_request',
    },
  ];

  it.each(cases)('$kind → $code', async ({ kind, code, status, message, hint, providerError }) => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(postDaemon());
    f.sandbox.faults.inject({ kind });
    const error = (await h.engine.signIn(account.id).then(
      () => expect.unreachable('sign-in succeeded'),
      (e: unknown) => e,
    )) as TokenDockError;
    expect(error.toInfo()).toMatchObject({
      code,
      httpStatus: status,
      ...(providerError ? { providerError } : {}),
    });
    expect(error.message).toMatch(message);
    expect(error.hint ?? '').toMatch(hint);
    expect(error.hint ?? '').not.toMatch(/authority URL/);
    const logged = h.engine.activity().find((e) => e.kind === 'sign-in-failed');
    expect(logged).toMatchObject({ code });
  });

  it('an HTML 403 at discovery is a web page in the way, not a wrong issuer', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(postDaemon());
    f.sandbox.faults.inject({ kind: 'html403', path: '/.well-known/openid-configuration' });
    const error = (await h.engine.signIn(account.id).then(
      () => expect.unreachable('sign-in succeeded'),
      (e: unknown) => e,
    )) as TokenDockError;
    expect(error.toInfo()).toMatchObject({ code: 'discovery_failed', httpStatus: 403 });
    expect(error.hint).toMatch(/web page answered \(HTTP 403\).*proxy/);
    expect(error.hint).not.toMatch(/Check the issuer URL/);
  });
});

describe('a background refresh that needs a person is not retried', () => {
  /** A signed-in daemon account whose next re-acquisitions all meet `kind`. */
  async function failingInBackground(kind: FaultKind) {
    h = await startHarness(f);
    const account = await h.engine.addAccount(daemonAccount(f.sandbox));
    await h.engine.signIn(account.id);
    const since = Date.now();
    f.sandbox.faults.inject({ kind, times: 100 });
    await eventually(() => failures(h!.events).length >= 1, 6_000, `the ${kind} refresh`);
    // Several token lifetimes: a scheduler that retried would ask again within this time.
    await sleep(4_500);
    return { account, since, failed: failures(h.events) };
  }

  it('401 + Basic + invalid_client, empty 401, empty 403, HTML 403: one request each, then the account shows the error', async () => {
    h = await startHarness(f);
    const expected: Array<[FaultKind, string]> = [
      ['basic401json', 'invalid_client'],
      ['empty401', 'invalid_client'],
      ['empty403', 'provider_error'],
      ['html403', 'provider_error'],
    ];
    const accounts = [];
    for (const [kind] of expected)
      accounts.push(await h.engine.addAccount(daemonAccount(f.sandbox, `Daemon ${kind}`)));
    for (const account of accounts) await h.engine.signIn(account.id);
    const since = Date.now();
    // One of each, taken in turn by the accounts' next re-acquisitions. Nothing is armed after
    // them: a retry would reach the provider and succeed, and be counted below.
    for (const [kind] of expected) f.sandbox.faults.inject({ kind });
    await eventually(() => failures(h!.events).length >= 4, 8_000, 'the four refusals');
    // Several token lifetimes (3 s): a scheduler that retried would ask again within this time.
    await sleep(4_500);
    const requests = f.sandbox.tokenRequests.filter((r) => r.at >= since);
    expect(requests.map((r) => r.fault).sort()).toEqual(expected.map(([kind]) => kind).sort());
    const failed = failures(h.events);
    expect(failed).toHaveLength(4);
    expect(failed.map((e) => e.error.code).sort()).toEqual(expected.map(([, code]) => code).sort());
    for (const event of failed) expect(event.retryAt).toBeUndefined();
    for (const account of accounts) {
      const view = h.engine.getAccount(account.id);
      const shown = failed.find((e) => e.accountId === account.id)!.error;
      expect(view.state).toBe('error');
      expect(view.targets[0]!.lastError).toEqual(shown);
      expect(view.targets[0]!.nextRefreshOn).toBeUndefined();
    }
    expect(h.notifications.length).toBe(4);
  }, 20_000);

  it('a refresh-token refresh refused with invalid_client (401 + Basic) is not retried either', async () => {
    h = await startHarness(f);
    const user = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: user.password });
    const since = Date.now();
    f.sandbox.faults.inject({ kind: 'basic401json', times: 100 });
    await eventually(() => failures(h!.events).length >= 1, 6_000, 'the refused refresh');
    await sleep(4_500);
    expect(faulted('basic401json', since)).toBe(1);
    expect(failures(h.events)[0]!.error).toMatchObject({
      code: 'invalid_client',
      providerError: 'invalid_client',
      httpStatus: 401,
    });
    expect(h.engine.getAccount(account.id).state).toBe('error');
  }, 15_000);

  it('a 5xx server_error is still retried, with backoff', async () => {
    const { account, since, failed } = await failingInBackground('status500');
    expect(faulted('status500', since)).toBeGreaterThanOrEqual(2);
    expect(failed[0]!.error.code).toBe('server_error');
    expect(failed[0]!.retryAt).toBeDefined();
    for (const failure of failed) {
      expect(failure.error.code).toBe('server_error');
      expect(failure.retryAt).toBeDefined();
    }
    // Still on the schedule (shown as an error once the cached token has run out).
    expect(h!.engine.getAccount(account.id).targets[0]!.nextRefreshOn).toBeDefined();
  }, 15_000);
});
