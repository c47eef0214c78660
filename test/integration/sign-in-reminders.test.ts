import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../app/ports';
import { eventually, passwordAccount, startHarness, type Harness } from '../support/engine-harness';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

/**
 * "Sign-in needed by …": the sandbox issues refresh tokens with a short known lifetime and says
 * so (`refresh_token_expires_in`); the engine shows the deadline and reminds once, the configured
 * days before. The engine's clock is moved forward where days must pass.
 */
const DAY = 24 * 60 * 60 * 1000;
let f: Fixture | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await f?.close();
  h = undefined;
  f = undefined;
});

/** The engine's wall clock, `shift` ms ahead of the real one. */
function movableClock(): Clock & { shift: number } {
  const clock = { shift: 0, now: () => Date.now() + clock.shift };
  return clock;
}

const reminders = (harness: Harness) =>
  harness.notifications.filter((n) => /: sign in by /.test(n.title));

async function signedInAda(harness: Harness, fixture: Fixture) {
  const ada = fixture.sandbox.users[0]!;
  const account = await harness.engine.addAccount(passwordAccount(fixture.sandbox));
  return harness.engine.signIn(account.id, { password: ada.password });
}

describe('a sign-in is due', () => {
  it('shows the provider’s end of the refresh token and reminds once, across refreshes and restarts', async () => {
    f = await startFixture({ refreshTokenTtlSeconds: DAY / 1000, browser: false });
    h = await startHarness(f);
    const started = Date.now();
    const account = await signedInAda(h, f);
    expect(account.signInNeededBy?.reason).toBe('provider');
    expect(account.signInNeededBy!.at).toBeGreaterThan(started + DAY - 10_000);
    expect(account.signInNeededBy!.at).toBeLessThan(Date.now() + DAY + 1_000);
    expect(account.lastSignInOn).toBeGreaterThanOrEqual(started);

    // One day left, reminders two days before: at once.
    await eventually(() => reminders(h!).length === 1, 5_000, 'a reminder');
    expect(reminders(h)[0]!.title).toMatch(/^Ada \(password\): sign in by /);
    expect(h.engine.activity().some((e) => e.kind === 'sign-in-due')).toBe(true);

    // A refresh rotates the refresh token; the grant's end, and so the deadline, stays.
    await h.engine.refreshNow(account.id, account.targets[0]!.id);
    const after = h.engine.getAccount(account.id).signInNeededBy!;
    expect(Math.abs(after.at - account.signInNeededBy!.at)).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(h)).toHaveLength(1);

    // Nor again after a restart.
    h = await h.reopen();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(h)).toHaveLength(0);
    expect(h.engine.getAccount(account.id).signInNeededBy?.reason).toBe('provider');
  });

  it('reminds when the day comes, not before', async () => {
    // Access tokens outlive the days skipped, so no refresh runs against the sandbox, whose
    // clock is not moved (a refresh then would tell a lifetime from the real time).
    f = await startFixture({
      refreshTokenTtlSeconds: (5 * DAY) / 1000,
      accessTokenTtlSeconds: (7 * DAY) / 1000,
      browser: false,
    });
    const clock = movableClock();
    h = await startHarness(f, { clock });
    const account = await signedInAda(h, f);
    const deadline = account.signInNeededBy!.at;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(h)).toHaveLength(0);

    // Two and a half days later (the machine slept): still more than two days left.
    clock.shift = 2.5 * DAY;
    h.power.fireResume();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(h)).toHaveLength(0);

    // Three and a half days later: less than two days left.
    clock.shift = 3.5 * DAY;
    h.power.fireResume();
    await eventually(() => reminders(h!).length === 1, 5_000, 'a reminder');
    expect(h.engine.getAccount(account.id).signInNeededBy!.at).toBe(deadline);
  });

  it('says nothing with reminders off', async () => {
    f = await startFixture({ refreshTokenTtlSeconds: DAY / 1000, browser: false });
    h = await startHarness(f);
    await h.engine.updateSettings({ signInWarningDays: 0 });
    const account = await signedInAda(h, f);
    expect(account.signInNeededBy?.reason).toBe('provider');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(h)).toHaveLength(0);
  });
});

describe('the deadline for scripts', () => {
  it('tokendock status shows it', async () => {
    const { startLocalEndpoint } = await import('../../app/endpoint');
    const { run } = await import('../../cli/run');
    f = await startFixture({ refreshTokenTtlSeconds: (3 * DAY) / 1000, browser: false });
    h = await startHarness(f);
    await signedInAda(h, f);
    const endpoint = await startLocalEndpoint({
      directory: `${h.directory}/endpoint`,
      engine: h.engine,
      signIn: () => Promise.reject(new Error('no sign-in here')),
    });
    try {
      const out: string[] = [];
      const output = { out: (t: string) => void out.push(t), err: () => undefined };
      expect(await run(['status'], output, { TOKENDOCK_SOCKET: endpoint.path })).toBe(0);
      expect(out.join('')).toMatch(
        /Ada \(password\).*sign-in needed by \d{4}-\d\d-\d\dT.*\(in 3 days; the provider ends the refresh token\)/,
      );
    } finally {
      await endpoint.close();
    }
  });
});
