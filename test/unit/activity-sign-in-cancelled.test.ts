/**
 * Issue 13, "Activity": a sign-in the person stops (Cancel, or a closed sign-in window) is its own
 * kind in the activity log, `sign-in-cancelled`, never `sign-in-failed`; a real failure still is.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  daemonAccount,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, deviceIntervalSeconds: 1, deviceCodeTtlSeconds: 30 });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await f?.close();
});

const deviceAccount = (): AccountInput => ({
  ...passwordAccount(f.sandbox, 'Ada (device)'),
  flow: 'device_code',
});

describe('activity of a sign-in', () => {
  it('a device-code sign-in aborted by its signal is logged as cancelled, not failed', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(deviceAccount());
    const controller = new AbortController();
    const signingIn = h.engine.signIn(account.id, { signal: controller.signal }).then(
      () => expect.unreachable('sign-in succeeded'),
      (e: unknown) => e as { code?: string },
    );
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    expect((await signingIn).code).toBe('cancelled');

    const entries = h.engine.activity().filter((e) => e.accountId === account.id);
    expect(entries.map((e) => e.kind)).toContain('sign-in-cancelled');
    expect(entries.map((e) => e.kind)).not.toContain('sign-in-failed');
    expect(entries.find((e) => e.kind === 'sign-in-cancelled')).toMatchObject({
      accountName: 'Ada (device)',
      code: 'cancelled',
      message: 'Sign-in of Ada (device) was cancelled.',
    });
  });

  it('a sign-in the provider refuses is still logged as failed', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount({
      ...daemonAccount(f.sandbox, 'Wrong secret'),
      clientSecret: 'not-the-secret',
    });
    await h.engine.signIn(account.id).then(
      () => expect.unreachable('sign-in succeeded'),
      () => undefined,
    );
    const kinds = h.engine
      .activity()
      .filter((e) => e.accountId === account.id)
      .map((e) => e.kind);
    expect(kinds).toContain('sign-in-failed');
    expect(kinds).not.toContain('sign-in-cancelled');
  });
});
