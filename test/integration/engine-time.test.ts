/**
 * The wall clock jumps (a person sets it, NTP corrects it, a VM resumes) while tokens are held.
 * Deadlines run on the monotonic clock: a jump back must not make an expired token look valid, and
 * a jump forward must not make every token look due at once.
 */
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../app/ports';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import { daemonAccount, eventually, startHarness, type Harness } from '../support/engine-harness';

const TEN_MINUTES = 10 * 60_000;

/** Real time on both sides; the wall clock can be moved, and a sleep simulated. */
class MovableWallClock implements Clock {
  offsetMs = 0;
  /** Time the monotonic clock missed, as it does while the computer sleeps. */
  private asleepMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  monotonic(): number {
    return performance.now() - this.asleepMs;
  }
  sleep(ms: number): void {
    this.offsetMs += ms;
    this.asleepMs += ms;
  }
}

let short: Fixture;
let long: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  [short, long] = await Promise.all([
    startFixture({ browser: false, accessTokenTtlSeconds: 4 }),
    startFixture({ browser: false, accessTokenTtlSeconds: 15 * 60 }),
  ]);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await Promise.all([short?.close(), long?.close()]);
});

describe('the wall clock jumps', () => {
  it('set back 10 minutes: an expired token is never handed out', async () => {
    const clock = new MovableWallClock();
    h = await startHarness(short, { clock });
    const account = await h.engine.addAccount(daemonAccount(short.sandbox));
    await h.engine.signIn(account.id);
    const targetId = account.targets[0]!.id;
    clock.offsetMs = -TEN_MINUTES;
    // Past the token's real expiry, while the wall clock says it has ten minutes left.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const { accessToken } = await h.engine.getToken(account.id, targetId);
    expect(decodeJwt(accessToken).exp! * 1000).toBeGreaterThan(Date.now());
  });

  it('set forward 10 minutes: no storm of refreshes, and the cached tokens are still used', async () => {
    const clock = new MovableWallClock();
    h = await startHarness(long, { clock });
    const accounts = [];
    for (const name of ['One', 'Two', 'Three']) {
      const account = await h.engine.addAccount(daemonAccount(long.sandbox, name));
      await h.engine.signIn(account.id);
      accounts.push(account);
    }
    const before = h.wire.requests.length;
    clock.offsetMs = TEN_MINUTES;
    // Every deadline is looked at again (as after any network change); none has come.
    h.power.fireNetworkChange();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const account of accounts) await h.engine.getToken(account.id, account.targets[0]!.id);
    expect(h.wire.requests.length).toBe(before);
    // What people see follows their (moved) clock: still about 15 minutes left.
    const view = h.engine.getAccount(accounts[0]!.id).targets[0]!;
    expect(view.state).toBe('valid');
    expect(view.expiresOn! - clock.now()).toBeGreaterThan(14 * 60_000);
  });

  it('after 20 minutes asleep (the monotonic clock stood still), the due tokens refresh at resume', async () => {
    const clock = new MovableWallClock();
    h = await startHarness(long, { clock });
    const account = await h.engine.addAccount(daemonAccount(long.sandbox));
    await h.engine.signIn(account.id);
    const before = h.wire.requests.length;
    clock.sleep(20 * 60_000);
    h.power.fireResume();
    await eventually(() => h!.wire.requests.length > before, 5_000, 'a refresh at resume');
    await eventually(
      () => h!.engine.getAccount(account.id).state === 'valid',
      5_000,
      'the new token',
    );
    const view = h.engine.getAccount(account.id).targets[0]!;
    expect(view.expiresOn! - clock.now()).toBeGreaterThan(14 * 60_000);
  });
});
