/**
 * Issue 10, item 2: one start without the keyring must not destroy a single stored secret.
 *
 * The real engine and vault, the desktop app's cipher (main/safe-storage-cipher.ts) over the fake
 * `safeStorage` (test/electron/fake/safe-storage.ts, modelled on docs/api/safe-storage.md), and
 * the sandbox provider. Secrets are written while the keyring is unlocked; TokenDock starts again
 * an hour later (every token due) with the keyring locked, as at a login autostart: every account
 * says "storage locked", nothing is set aside or rewritten (the files are compared byte for
 * byte), nothing is sent. The keyring unlocks and the screen is unlocked (PowerEvents): the
 * tokens open, the refreshes run, every account is valid again, and stays so after a restart.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../app/engine';
import type { Clock } from '../../app/ports';
import { openVault, type Vault } from '../../app/vault';
import { createSafeStorageCipher } from '../../main/safe-storage-cipher';
import { safeStorage, safeStorageSwitches } from '../electron/fake/safe-storage';
import {
  daemonAccount,
  eventually,
  ManualPowerEvents,
  passwordAccount,
  RecordingClipboard,
  WireWatcher,
} from '../support/engine-harness';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import { makeTempRoot, snapshotTree } from '../support/vault-fixtures';

const HOUR = 3_600_000;

/** Real time, with a wall clock that can be moved forward (the computer was off). */
class MovableWallClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  monotonic(): number {
    return performance.now();
  }
}

interface Run {
  engine: Engine;
  vault: Vault;
  power: ManualPowerEvents;
}

let f: Fixture;
let directory: string;
let remove: () => Promise<void>;
let run: Run | undefined;

beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 600 });
});
afterAll(async () => {
  await f?.close();
});
afterEach(async () => {
  if (run) await stop(run);
  run = undefined;
  await remove?.();
});

/** TokenDock starts: the vault in `directory` with the Electron cipher, and the engine. */
function start(wire: WireWatcher, clock: Clock): Run {
  const vault = openVault({
    directory: join(directory, 'vault'),
    cipher: createSafeStorageCipher(safeStorage, 'linux'),
  });
  const power = new ManualPowerEvents();
  const engine = new Engine({
    vault,
    fetch: wire.fetch,
    clipboard: new RecordingClipboard(),
    notifier: { notify: () => undefined },
    clock,
    powerEvents: power,
    sandboxIssuer: async () => f.sandbox.issuer,
  });
  engine.start();
  return { engine, vault, power };
}

async function stop(r: Run): Promise<void> {
  await r.engine.stop();
  await r.vault.close();
}

/** Every file of the vault, byte for byte (the lock file, rewritten by every start, aside). */
async function vaultBytes(): Promise<Map<string, Buffer>> {
  const tree = await snapshotTree(join(directory, 'vault'));
  tree.delete('tokendock.lock');
  return tree;
}

const allStates = (engine: Engine) =>
  engine.listAccounts().flatMap((a) => [a.state, ...a.targets.map((t) => t.state)]);

describe('a start while the keyring is locked (issue 10, item 2)', () => {
  it('keeps every secret sealed and untouched, says "storage locked", sends nothing; once unlocked, opens them and refreshes', async () => {
    ({ root: directory, remove } = await makeTempRoot());
    safeStorageSwitches.reset();
    safeStorageSwitches.ready('gnome_libsecret');
    const wire = new WireWatcher();
    const clock = new MovableWallClock();

    // Yesterday, keyring unlocked: a person's account (refresh token) and an app (client secret).
    run = start(wire, clock);
    const person = await run.engine.addAccount(passwordAccount(f.sandbox));
    await run.engine.signIn(person.id, { password: f.sandbox.users[0]!.password });
    const daemon = await run.engine.addAccount(daemonAccount(f.sandbox));
    await run.engine.signIn(daemon.id);
    expect(run.engine.storageProtection()).toMatchObject({
      isProtected: true,
      backend: 'gnome_libsecret',
      secretsOnDisk: true,
    });
    await stop(run);
    run = undefined;
    const before = await vaultBytes();
    expect([...before.keys()].sort()).toEqual(
      [`accounts/${daemon.id}.json`, `accounts/${person.id}.json`].sort(),
    );

    // An hour later, at login, before the keyring is unlocked: every token is due.
    clock.offsetMs = HOUR;
    safeStorageSwitches.lock();
    const sent = wire.requests.length;
    run = start(wire, clock);
    const r = run;
    // Time for the scheduler to run whatever it would run.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(allStates(r.engine)).toEqual(Array(4).fill('storage-locked'));
    expect(r.engine.storageProtection()).toMatchObject({
      isProtected: true,
      secretsOnDisk: true,
      locked: { accounts: 2 },
    });
    await expect(r.engine.getToken(person.id, person.targets[0]!.id)).rejects.toMatchObject({
      code: 'temporarily_unavailable',
    });
    r.engine.refreshAll();
    r.power.fireNetworkChange();
    await expect(r.engine.refreshNow(daemon.id, daemon.targets[0]!.id)).rejects.toMatchObject({
      code: 'temporarily_unavailable',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(wire.requests.length).toBe(sent);
    // Nothing set aside, nothing "needs sign-in", not a byte changed.
    expect(r.vault.problems.map((p) => p.kind)).toEqual(['locked', 'locked']);
    expect(r.engine.listAccounts().map((a) => a.state)).not.toContain('needs-sign-in');
    const names = await readdir(join(directory, 'vault'), { recursive: true });
    expect(names.filter((name) => name.includes('corrupt'))).toEqual([]);
    expect(await vaultBytes()).toEqual(before);
    r.power.fireResume(); // still locked: no change
    expect(allStates(r.engine)).toEqual(Array(4).fill('storage-locked'));

    // The person unlocks the keyring (and the screen: PowerEvents' resume / unlock-screen).
    safeStorageSwitches.unlock();
    r.power.fireResume();
    await eventually(
      () => allStates(r.engine).every((state) => state === 'valid'),
      20_000,
      'every account valid again',
    );
    expect(wire.requests.slice(sent).map((q) => q.grantType)).toEqual(
      expect.arrayContaining(['refresh_token', 'client_credentials']),
    );
    expect(r.vault.problems).toEqual([]);
    expect(r.engine.storageProtection().locked).toBeUndefined();
    const { accessToken } = await r.engine.getToken(person.id, person.targets[0]!.id);
    expect(decodeJwt(accessToken).exp! * 1000).toBeGreaterThan(Date.now());
    await stop(r);
    run = undefined;

    // The next start, keyring unlocked: the (rotated) secrets are there; no sign-in needed.
    run = start(wire, clock);
    expect(allStates(run.engine)).toEqual(Array(4).fill('valid'));
    expect(run.engine.listAccounts().find((a) => a.id === person.id)!.hasRefreshToken).toBe(true);
  });
});
