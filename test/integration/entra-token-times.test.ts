import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type AccountInput } from '../../app/engine';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { createFakeEntra, type FakeEntra } from '../support/fake-entra';
import { RecordingClipboard } from '../support/engine-harness';

/**
 * Entra's `ext_expires_in` and `refresh_in` through the whole engine: Entra-shaped token
 * responses served through the Fetch port (see `fake-entra.ts`), a client-credentials account,
 * the real clock and timers with short lifetimes. Before, `ext_expires_in` was computed in
 * `toTokenSet` and dropped by `TokenStore.keep` (never in a view or on disk), and `refresh_in`
 * was not read at all: the refresh came at the lead-time rule's deadline.
 */

const clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const daemon: AccountInput = {
  name: 'Entra daemon',
  authority: { kind: 'entra', tenant, cloud: 'public', version: 'v2' },
  flow: 'client_credentials',
  clientId,
  clientAuth: { kind: 'secret', method: 'client_secret_post' },
  clientSecret: 'a-client-secret-value',
  targets: [
    { label: 'Graph', target: { kind: 'resource', resource: 'https://graph.microsoft.com' } },
  ],
};

interface Running {
  engine: Engine;
  vault: Vault;
}

let directory: string | undefined;
const running: Running[] = [];
const cipher = new AesGcmCipher();

function open(entra: FakeEntra): Running {
  const vault = openVault({ directory: join(directory!, 'store'), cipher });
  const engine = new Engine({
    vault,
    fetch: entra.fetch,
    clipboard: new RecordingClipboard(),
    notifier: { notify: () => undefined },
    // No jitter: the deadlines are exactly what the policy computes.
    random: () => 0,
  });
  engine.start();
  const r = { engine, vault };
  running.push(r);
  return r;
}

async function close(r: Running): Promise<void> {
  running.splice(running.indexOf(r), 1);
  await r.engine.stop();
  await r.vault.close();
}

afterEach(async () => {
  for (const r of [...running]) await close(r);
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

const tokenRequests = (entra: FakeEntra) =>
  entra.requests.filter((r) => r.url.endsWith('/oauth2/v2.0/token'));

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Entra's ext_expires_in and refresh_in", () => {
  it('keeps ext_expires_in: in the view, on disk, and after a restart', async () => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-entra-times-'));
    const entra = await createFakeEntra({ clientId });
    // As Entra sends them (strings): one hour, and two hours while Entra is down.
    entra.lifetimes.expires_in = '3599';
    entra.lifetimes.ext_expires_in = '7199';
    // And refresh after half an hour (the lead-time rule would say expiry - 12 min: ~48 min).
    entra.lifetimes.refresh_in = 1800;
    const first = open(entra);
    const account = await first.engine.addAccount(daemon);
    const before = Date.now();
    await first.engine.signIn(account.id);
    const after = Date.now();
    const view = first.engine.getAccount(account.id).targets[0]!;
    expect(view.state).toBe('valid');
    expect(view.expiresOn).toBeGreaterThanOrEqual(before + 3599_000 - 50);
    expect(view.extExpiresOn).toBeGreaterThanOrEqual(before + 7199_000 - 50);
    expect(view.extExpiresOn).toBeLessThanOrEqual(after + 7199_000 + 50);
    expect(view.extExpiresOn! - view.expiresOn!).toBeCloseTo(3600_000, -2);
    expect(view.nextRefreshOn! - before).toBeGreaterThan(1800_000 - 50);
    expect(view.nextRefreshOn! - after).toBeLessThan(1800_000 + 50);

    await close(first);
    const second = open(entra);
    const reloaded = second.engine.getAccount(account.id).targets[0]!;
    expect(reloaded.extExpiresOn).toBeCloseTo(view.extExpiresOn!, -2);
    // refresh_in was stored too: after the restart the refresh is still due at half an hour.
    expect(Math.abs(reloaded.nextRefreshOn! - view.nextRefreshOn!)).toBeLessThan(200);
    const stored = await readFile(
      second.vault.files().find((f) => f.includes(account.id))!,
      'utf8',
    );
    expect(JSON.parse(stored).account.targets[0].token).toMatchObject({
      extExpiresOn: expect.any(Number),
      refreshOn: expect.any(Number),
    });
  });

  it('refreshes at refresh_in, not at the lead-time deadline', async () => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-entra-times-'));
    const entra = await createFakeEntra({ clientId });
    // A 10-second token: the lead-time rule refreshes half-way (5 s); Entra asks for 2 s.
    entra.lifetimes.expires_in = 10;
    entra.lifetimes.ext_expires_in = 20;
    entra.lifetimes.refresh_in = 2;
    const { engine } = open(entra);
    const account = await engine.addAccount(daemon);
    // The token was acquired between `before` and `after`.
    const before = Date.now();
    await engine.signIn(account.id);
    const after = Date.now();
    const scheduled = engine.getAccount(account.id).targets[0]!.nextRefreshOn!;
    expect(scheduled - before).toBeGreaterThan(1_950);
    expect(scheduled - after).toBeLessThan(2_050);

    await waitFor(() => tokenRequests(entra).length >= 2, 4_500);
    // Seen within 20 ms of the request; the lead-time rule would have waited 5 s.
    expect(Date.now() - before).toBeGreaterThan(1_950);
    expect(Date.now() - after).toBeLessThan(4_000);
    // The new token carries its own refresh_in: the next refresh is again ~2 s later.
    await waitFor(
      () => engine.getAccount(account.id).targets[0]!.lastRefreshOn !== undefined,
      1_000,
    );
    const next = engine.getAccount(account.id).targets[0]!;
    expect(next.nextRefreshOn! - next.lastRefreshOn!).toBeGreaterThan(1_500);
    expect(next.nextRefreshOn! - next.lastRefreshOn!).toBeLessThan(2_500);
  });

  it('without refresh_in, the lead-time rule still decides', async () => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-entra-times-'));
    const entra = await createFakeEntra({ clientId });
    entra.lifetimes.expires_in = 10;
    delete entra.lifetimes.refresh_in;
    const { engine } = open(entra);
    const account = await engine.addAccount(daemon);
    const before = Date.now();
    await engine.signIn(account.id);
    const after = Date.now();
    const scheduled = engine.getAccount(account.id).targets[0]!.nextRefreshOn!;
    expect(scheduled - before).toBeGreaterThan(4_950);
    expect(scheduled - after).toBeLessThan(5_050);
  });
});
