import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../app/engine';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  daemonAccount,
  eventually,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

const REFRESH = 'refresh_token';
let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 5 });
});
afterEach(async () => {
  f.sandbox.faults.clear();
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

async function signedInUser(harness: Harness, userIndex = 0) {
  const user = f.sandbox.users[userIndex]!;
  const account = await harness.engine.addAccount(
    passwordAccount(f.sandbox, `User ${userIndex}`, user),
  );
  await harness.engine.signIn(account.id, { password: user.password });
  return { account, targetId: account.targets[0]!.id };
}

const refreshed = (events: EngineEvent[]) => events.filter((e) => e.type === 'token-refreshed');

describe('background refresh', () => {
  it('refreshes 5-second tokens before they expire, again and again', async () => {
    h = await startHarness(f);
    const { account, targetId } = await signedInUser(h);
    const first = await h.engine.getToken(account.id, targetId);
    await eventually(() => refreshed(h!.events).length >= 2, 12_000, 'two refreshes');
    const [one, two] = refreshed(h.events) as Array<
      Extract<EngineEvent, { type: 'token-refreshed' }>
    >;
    const refreshTimes = h.wire.requests.filter((r) => r.grantType === REFRESH).map((r) => r.at);
    expect(refreshTimes[0]!).toBeLessThan(first.expiresOn);
    expect(refreshTimes[1]!).toBeLessThan(one!.expiresOn);
    expect(two!.expiresOn).toBeGreaterThan(one!.expiresOn);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
    expect(h.engine.activity().filter((e) => e.kind === 'refreshed').length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('makes one request for 20 concurrent getToken calls', async () => {
    h = await startHarness(f);
    const { account, targetId } = await signedInUser(h);
    const since = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h!.engine.getToken(account.id, targetId, { minValiditySeconds: 60 }),
      ),
    );
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(h.wire.count(REFRESH, since)).toBe(1);
  });

  it('refreshes a storm of 200 tokens due together with at most 4 in flight, all before expiry', async () => {
    h = await startHarness(f);
    const accounts = [];
    for (let i = 0; i < 200; i += 1)
      accounts.push(await h.engine.addAccount(daemonAccount(f.sandbox, `Daemon ${i}`)));
    await Promise.all(accounts.map((a) => h!.engine.signIn(a.id)));
    const expiries = new Map(h.engine.listAccounts().map((a) => [a.id, a.targets[0]!.expiresOn!]));
    const signInRequests = h.wire.count('client_credentials');
    const afterSignIn = h.events.length;
    const firstRefreshAt = new Map<string, number>();
    h.engine.subscribe((e) => {
      if (e.type === 'token-refreshed' && !firstRefreshAt.has(e.accountId))
        firstRefreshAt.set(e.accountId, Date.now());
    });
    const background = () =>
      refreshed(h!.events.slice(afterSignIn)) as Array<
        Extract<EngineEvent, { type: 'token-refreshed' }>
      >;
    // Every account refreshed in the background (an early one may already have come round again).
    await eventually(
      () => new Set(background().map((e) => e.accountId)).size === 200,
      15_000,
      'a background refresh of each of the 200',
    );
    for (const event of background())
      expect(event.expiresOn).toBeGreaterThan(expiries.get(event.accountId)!);
    const stats = h.engine.schedulerStats();
    expect(stats.peakInFlight).toBeLessThanOrEqual(4);
    expect(stats.peakInFlight).toBeGreaterThan(1);
    // client-credentials accounts re-acquire: no refresh_token grant was ever used
    expect(h.wire.count(REFRESH)).toBe(0);
    expect(h.wire.count('client_credentials')).toBeGreaterThanOrEqual(signInRequests + 200);
    // The first background refresh of each account came before its first token expired.
    for (const [id, expiry] of expiries) expect(firstRefreshAt.get(id)).toBeLessThan(expiry);
  }, 40_000);

  it('waits as long as Retry-After says on 429, keeping the cached token', async () => {
    h = await startHarness(f);
    const { account, targetId } = await signedInUser(h);
    const original = await h.engine.getToken(account.id, targetId);
    f.sandbox.faults.inject({ kind: 'status429', retryAfterSeconds: 2 });
    await eventually(() => h!.events.some((e) => e.type === 'refresh-failed'), 6_000, 'the 429');
    const failed = h.events.find((e) => e.type === 'refresh-failed') as Extract<
      EngineEvent,
      { type: 'refresh-failed' }
    >;
    expect(failed.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 2 });
    expect((await h.engine.getToken(account.id, targetId)).accessToken).toBe(original.accessToken);
    expect(h.engine.getAccount(account.id).targets[0]!.nextRefreshOn).toBe(failed.retryAt);
    await eventually(() => refreshed(h!.events).length >= 1, 6_000, 'the retry');
    const [limited, retried] = f.sandbox.tokenRequests
      .filter((r) => r.grantType === REFRESH)
      .slice(-2);
    expect(limited!.fault).toBe('status429');
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1_990);
  });

  it('backs off while the provider is down and keeps the cache until it is back', async () => {
    h = await startHarness(f);
    const { account, targetId } = await signedInUser(h);
    const original = h.engine.revealToken(account.id, targetId);
    f.sandbox.faults.inject({ kind: 'status500', times: 3 });
    await eventually(
      () => h!.events.filter((e) => e.type === 'refresh-failed').length >= 2,
      10_000,
      'two failures',
    );
    expect(h.engine.revealToken(account.id, targetId)).toBe(original);
    await eventually(() => refreshed(h!.events).length >= 1, 15_000, 'recovery');
    const attempts = f.sandbox.tokenRequests
      .filter((r) => r.grantType === REFRESH)
      .slice(-4)
      .map((r) => r.at);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    expect(gaps[0]!).toBeGreaterThanOrEqual(990);
    expect(gaps[1]!).toBeGreaterThanOrEqual(1_990);
    expect(h.engine.revealToken(account.id, targetId)).not.toBe(original);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  }, 25_000);
});

describe('when the refresh token is dead', () => {
  it('invalid_grant puts the account in "sign in again", notifies, and stops', async () => {
    h = await startHarness(f);
    const { account } = await signedInUser(h, 1);
    await f.sandbox.revokeUserGrants(f.sandbox.users[1]!.username);
    await eventually(
      () => h!.engine.getAccount(account.id).state === 'needs-sign-in',
      6_000,
      'needs-sign-in',
    );
    expect(h.notifications.at(-1)!.title).toBe('User 1 needs to sign in again');
    const attempts = h.wire.count(REFRESH);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(h.wire.count(REFRESH)).toBe(attempts);
    expect(h.engine.getAccount(account.id).hasRefreshToken).toBe(false);
    await expect(
      h.engine.getToken(account.id, account.targets[0]!.id, { minValiditySeconds: 60 }),
    ).rejects.toHaveProperty('code', 'interaction_required');
    await h.engine.signIn(account.id, { password: f.sandbox.users[1]!.password });
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  });

  it('a rotated response lost on the way ends in "sign in again" after one retry, not a loop', async () => {
    h = await startHarness(f);
    const { account } = await signedInUser(h);
    h.wire.loseNextResponseOf = REFRESH;
    await eventually(
      () => h!.engine.getAccount(account.id).state === 'needs-sign-in',
      10_000,
      'needs-sign-in',
    );
    expect(h.wire.count(REFRESH)).toBe(2);
    const failures = h.events.filter((e) => e.type === 'refresh-failed') as Array<
      Extract<EngineEvent, { type: 'refresh-failed' }>
    >;
    expect(failures.map((e) => e.error.code)).toEqual(['network', 'invalid_grant']);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(h.wire.count(REFRESH)).toBe(2);
  });
});
