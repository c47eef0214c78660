import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../app/engine';
import { TokenDockError } from '../../app/errors/tokendock-error';
import type { Fetch } from '../../app/ports';
import { eventually, passwordAccount, startHarness, type Harness } from '../support/engine-harness';
import { nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';

/**
 * The engine fed failures shaped as Electron's `net` makes them: a plain
 * `Error('net::ERR_INTERNET_DISCONNECTED')` (lib/common/api/net-client-request.ts; docs/api/net.md),
 * not Node's `TypeError('fetch failed')`. Before, such a failure during a refresh was `unexpected`,
 * not transient, so the target was marked failed and never refreshed again ("Background refresh
 * stops for good after any network error", issue 10 item 1); at discovery it was
 * `discovery_failed`.
 */

/**
 * A switchable network in front of Node's fetch: while `offline`, every request rejects as
 * Electron's net.fetch does when the network is gone. The harness's wire watcher calls the global
 * `fetch`, so this sits under it.
 */
const network = {
  offline: false,
  error: 'net::ERR_INTERNET_DISCONNECTED',
  failures: 0,
};
const realFetch = globalThis.fetch;
const electronLikeFetch: Fetch = async (input, init) => {
  if (network.offline) {
    network.failures += 1;
    throw new Error(network.error);
  }
  return realFetch(input, init);
};

let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 6 });
  vi.stubGlobal('fetch', electronLikeFetch);
});
afterEach(async () => {
  network.offline = false;
  network.error = 'net::ERR_INTERNET_DISCONNECTED';
  network.failures = 0;
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await f?.close();
});

type Failed = Extract<EngineEvent, { type: 'refresh-failed' }>;
const failures = (events: EngineEvent[]) =>
  events.filter((e): e is Failed => e.type === 'refresh-failed');
const refreshes = (events: EngineEvent[]) => events.filter((e) => e.type === 'token-refreshed');

describe('Electron-shaped network failures in the engine', () => {
  it('a refresh that meets net::ERR_INTERNET_DISCONNECTED backs off (offline), then refreshes once the network is back', async () => {
    h = await startHarness(f);
    const user = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox, 'Offline Ada', user));
    await h.engine.signIn(account.id, { password: user.password });
    const targetId = account.targets[0]!.id;

    // The laptop loses its network before the background refresh (half-way through 6 s).
    network.offline = true;
    await eventually(() => failures(h!.events).length >= 1, 10_000, 'the failed refresh');
    const failed = failures(h.events)[0]!;
    expect(failed.error.code).toBe('network');
    expect(failed.error.message).toContain('net::ERR_INTERNET_DISCONNECTED');
    // Transient: a retry is scheduled.
    expect(failed.retryAt).toBeGreaterThan(Date.now() - 1_000);
    const view = h.engine.getAccount(account.id).targets.find((t) => t.id === targetId)!;
    expect(['offline', 'retrying']).toContain(view.state);
    expect(view.state).not.toBe('error');
    // It keeps retrying while offline, and is never marked as needing a person.
    await eventually(() => failures(h!.events).length >= 2, 15_000, 'a second attempt');
    expect(h.notifications).toEqual([]);

    // The network is back (online-watch reports the change): the next attempt refreshes.
    const refreshedBefore = refreshes(h.events).length;
    network.offline = false;
    h.power.fireNetworkChange();
    await eventually(
      () => refreshes(h!.events).length > refreshedBefore,
      15_000,
      'the refresh after the network came back',
    );
    await eventually(
      () => h!.engine.getAccount(account.id).targets[0]!.state === 'valid',
      5_000,
      'the target to be valid again',
    );
  }, 60_000);

  it.each([
    ['net::ERR_NETWORK_CHANGED', 'network'],
    ['net::ERR_NAME_NOT_RESOLVED', 'network'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'network'],
    ['net::ERR_TIMED_OUT', 'timeout'],
  ])(
    'a refresh that meets %s is retried (%s)',
    async (error, code) => {
      h = await startHarness(f);
      const user = f.sandbox.users[0]!;
      const account = await h.engine.addAccount(passwordAccount(f.sandbox, 'Ada', user));
      await h.engine.signIn(account.id, { password: user.password });
      network.error = error;
      network.offline = true;
      await eventually(() => failures(h!.events).length >= 1, 10_000, 'the failed refresh');
      const failed = failures(h.events)[0]!;
      expect(failed.error.code).toBe(code);
      expect(failed.retryAt).toBeDefined();
      expect(h.engine.getAccount(account.id).targets[0]!.state).not.toBe('error');
    },
    30_000,
  );

  it('discovery that meets net::ERR_INTERNET_DISCONNECTED says `network`, not `discovery_failed`', async () => {
    network.offline = true;
    const error = await f.connectClient(nativeClient(f.sandbox)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).code).toBe('network');
    expect(network.failures).toBeGreaterThan(0);
  });

  it('a sign-in whose discovery meets the disconnected network says `network` too', async () => {
    h = await startHarness(f);
    const user = f.sandbox.users[1]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox, 'Grace', user));
    network.offline = true;
    const error = await h.engine
      .signIn(account.id, { password: user.password })
      .catch((e: unknown) => e);
    expect((error as TokenDockError).code).toBe('network');
  });

  it('a certificate failure (a TLS-inspecting proxy) is not retried in a loop: one attempt, a hint, a notification', async () => {
    h = await startHarness(f);
    const user = f.sandbox.users[0]!;
    const account = await h.engine.addAccount(passwordAccount(f.sandbox, 'Behind a proxy', user));
    await h.engine.signIn(account.id, { password: user.password });
    network.error = 'net::ERR_CERT_AUTHORITY_INVALID';
    network.offline = true;
    await eventually(() => failures(h!.events).length >= 1, 10_000, 'the failed refresh');
    const failed = failures(h.events)[0]!;
    expect(failed.error.code).toBe('tls_failed');
    expect(failed.error.hint).toMatch(/TLS-inspecting proxy/);
    expect(failed.retryAt).toBeUndefined();
    expect(h.notifications.some((n) => /TLS-inspecting proxy/.test(n.body))).toBe(true);
    const attempts = network.failures;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(network.failures).toBe(attempts);
    // "Refresh now" tries again once the person has fixed it.
    network.offline = false;
    await h.engine.refreshNow(account.id, account.targets[0]!.id);
    expect(h.engine.getAccount(account.id).targets[0]!.state).toBe('valid');
  }, 30_000);
});
