/**
 * The engine over the real vault and the Electron cipher (main/safe-storage-cipher.ts) over the
 * fake `safeStorage`, while the key store is locked: accounts show "storage locked", nothing is
 * read twice, written, dropped or sent; the engine tries again on a backoff (5 s, 10 s, 20 s …) and
 * at once on resume / unlock-screen, and carries on when the key store works. No provider: the
 * tokens are fresh, so nothing needs the network (a fetch fails the test).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, type EngineEvent } from '../../app/engine';
import { UNLOCK_RETRY_BASE_MS, UNLOCK_RETRY_MAX_MS } from '../../app/engine/refresh-service';
import type { Clock, Fetch, Timers } from '../../app/ports';
import { openVault, type Vault } from '../../app/vault';
import { createSafeStorageCipher } from '../../main/safe-storage-cipher';
import { safeStorage, safeStorageSwitches } from '../electron/fake/safe-storage';
import { ManualPowerEvents, RecordingClipboard } from '../support/engine-harness';
import {
  FIXED_NOW,
  clientSecretKey,
  makeTempRoot,
  refreshKey,
  sampleAccount,
  snapshotTree,
} from '../support/vault-fixtures';

/** Real timers, recorded by delay, so a test can run one early (and it does not run again). */
class RecordingTimers implements Timers {
  readonly #pending = new Map<unknown, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const handle: unknown = setTimeout(() => {
      this.#pending.delete(handle);
      callback();
    }, ms);
    this.#pending.set(handle, { callback, ms });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
    this.#pending.delete(handle);
  }
  delays(): number[] {
    return [...this.#pending.values()].map((t) => t.ms);
  }
  /** Runs the pending timer of `ms` now. */
  fire(ms: number): void {
    const entry = [...this.#pending].find(([, t]) => t.ms === ms);
    if (!entry) throw new Error(`no timer of ${ms} ms (pending: ${this.delays().join(', ')})`);
    this.clearTimeout(entry[0]);
    entry[1].callback();
  }
}

/** One minute after the sample tokens were issued: 59 minutes left, nothing due. */
const clock: Clock = { now: () => FIXED_NOW + 60_000, monotonic: () => performance.now() };
const IDS = ['a1', 'a2'];

let directory: string;
let remove: () => Promise<void>;
let fetches: string[];
const running: Array<{ engine: Engine; vault: Vault }> = [];

beforeEach(async () => {
  safeStorageSwitches.reset();
  safeStorageSwitches.ready('gnome_libsecret');
  const temp = await makeTempRoot();
  remove = temp.remove;
  directory = join(temp.root, 'vault');
  fetches = [];
  // Written while the keyring was unlocked.
  const vault = openVault({ directory, cipher: createSafeStorageCipher(safeStorage, 'linux') });
  for (const id of IDS) {
    await vault.writeAccount({
      account: sampleAccount(id),
      secrets: [
        { key: { accountId: id, targetId: 'graph', kind: 'access-token' }, value: `at-${id}` },
        { key: refreshKey(id), value: `rt-${id}` },
        { key: clientSecretKey(id), value: `cs-${id}` },
      ],
    });
  }
  await vault.close();
});

afterEach(async () => {
  for (const { engine, vault } of running.splice(0)) {
    await engine.stop();
    await vault.close();
  }
  await remove();
});

function start() {
  const vault = openVault({ directory, cipher: createSafeStorageCipher(safeStorage, 'linux') });
  const timers = new RecordingTimers();
  const power = new ManualPowerEvents();
  const events: EngineEvent[] = [];
  const fetch: Fetch = (input) => {
    fetches.push(String(input));
    return Promise.reject(new Error('no network in this test'));
  };
  const engine = new Engine({
    vault,
    fetch,
    clipboard: new RecordingClipboard(),
    notifier: { notify: () => undefined },
    clock,
    timers,
    powerEvents: power,
  });
  engine.subscribe((event) => void events.push(event));
  engine.start();
  running.push({ engine, vault });
  return { engine, vault, timers, power, events };
}

const states = (engine: Engine) =>
  engine.listAccounts().flatMap((a) => [a.state, ...a.targets.map((t) => t.state)]);
const accountsFolder = () => join(directory, 'accounts');

describe('the engine while the key store is locked', () => {
  it('locked at start: "storage locked", nothing written or sent; retried 5 s, 10 s, 20 s …; carries on once unlocked', async () => {
    const before = await snapshotTree(accountsFolder());
    safeStorageSwitches.lock();
    const { engine, timers } = start();

    expect(states(engine)).toEqual(Array(4).fill('storage-locked'));
    expect(engine.storageProtection()).toEqual({
      isProtected: true,
      backend: 'gnome_libsecret',
      secretsOnDisk: true,
      saving: { kind: 'ok' },
      locked: { accounts: 2 },
    });
    expect(engine.activity().map((e) => e.message)).toContainEqual(
      expect.stringContaining('of 2 accounts cannot be opened now'),
    );
    await expect(engine.getToken('a1', 'graph')).rejects.toMatchObject({
      code: 'temporarily_unavailable',
      message: expect.stringContaining('cannot be opened now'),
    });
    await expect(engine.refreshNow('a1', 'graph')).rejects.toMatchObject({
      code: 'temporarily_unavailable',
    });
    expect(states(engine)).toEqual(Array(4).fill('storage-locked'));

    expect(timers.delays()).toContain(UNLOCK_RETRY_BASE_MS);
    timers.fire(UNLOCK_RETRY_BASE_MS);
    timers.fire(2 * UNLOCK_RETRY_BASE_MS);
    timers.fire(4 * UNLOCK_RETRY_BASE_MS);
    expect(timers.delays()).toContain(8 * UNLOCK_RETRY_BASE_MS);
    expect(states(engine)).toEqual(Array(4).fill('storage-locked'));

    safeStorageSwitches.unlock();
    timers.fire(8 * UNLOCK_RETRY_BASE_MS);
    expect(states(engine)).toEqual(Array(4).fill('valid'));
    expect(timers.delays()).not.toContain(16 * UNLOCK_RETRY_BASE_MS);
    expect(engine.storageProtection().locked).toBeUndefined();
    expect(engine.activity().map((e) => e.message)).toContainEqual(
      expect.stringContaining('works again'),
    );
    await expect(engine.getToken('a2', 'graph')).resolves.toMatchObject({
      accessToken: 'at-a2',
    });
    // Refreshing is scheduled again (59 minutes left: not yet due).
    expect(engine.listAccounts()[0]!.targets[0]!.nextRefreshOn).toBeGreaterThan(clock.now());

    expect(fetches).toEqual([]);
    expect(await snapshotTree(accountsFolder())).toEqual(before);
  });

  it('backs off to at most 5 minutes apart', () => {
    safeStorageSwitches.lock();
    const { timers } = start();
    let delay = UNLOCK_RETRY_BASE_MS;
    for (let i = 0; i < 10; i++) {
      timers.fire(delay);
      delay = Math.min(UNLOCK_RETRY_MAX_MS, delay * 2);
    }
    expect(timers.delays()).toContain(UNLOCK_RETRY_MAX_MS);
  });

  it('resume and unlock-screen (PowerEvents) open them at once', () => {
    safeStorageSwitches.lock();
    const { engine, power, events } = start();
    power.fireResume();
    expect(states(engine)).toEqual(Array(4).fill('storage-locked'));
    safeStorageSwitches.unlock();
    power.fireResume();
    expect(states(engine)).toEqual(Array(4).fill('valid'));
    expect(events).toContainEqual({ type: 'state-changed', accountId: 'a1', state: 'valid' });
  });

  it('before `ready`: locked too, and open once `ready` came', () => {
    safeStorageSwitches.beforeReady();
    const { engine, power } = start();
    expect(engine.storageProtection()).toMatchObject({
      isProtected: true,
      locked: { accounts: 2 },
    });
    expect(states(engine)).toEqual(Array(4).fill('storage-locked'));
    safeStorageSwitches.ready('gnome_libsecret');
    power.fireResume();
    expect(states(engine)).toEqual(Array(4).fill('valid'));
  });

  it('locked after start: a refresh that needs the client secret stops at "storage locked", sends nothing', async () => {
    const { engine, power } = start();
    expect(states(engine)).toEqual(Array(4).fill('valid'));
    safeStorageSwitches.lock();
    await expect(engine.refreshNow('a1', 'graph')).rejects.toMatchObject({
      code: 'temporarily_unavailable',
    });
    expect(engine.getAccount('a1').state).toBe('storage-locked');
    expect(engine.getAccount('a2').state).toBe('valid');
    expect(fetches).toEqual([]);
    safeStorageSwitches.unlock();
    power.fireResume();
    expect(engine.getAccount('a1').state).toBe('valid');
  });

  it('a rename while locked keeps every sealed secret in the account file', async () => {
    const sealed = (await snapshotTree(accountsFolder())).get('a1.json')!;
    const secretsOf = (bytes: Buffer) =>
      (JSON.parse(bytes.toString()) as { secrets: Record<string, string> }).secrets;
    safeStorageSwitches.lock();
    const { engine, vault } = start();
    engine.renameAccount('a1', 'Renamed while locked');
    // The vault's close waits for the write under way.
    running.splice(0);
    await engine.stop();
    await vault.close();
    const after = (await snapshotTree(accountsFolder())).get('a1.json')!;
    expect(after.toString()).toContain('Renamed while locked');
    expect(secretsOf(after)).toEqual(secretsOf(sealed));
  });
});
