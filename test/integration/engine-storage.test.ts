/**
 * A full disk and a read-only folder under a running engine: the vault sits on a small tmpfs that
 * the test fills or remounts read-only. Nothing may crash, nothing may be lost, the engine says
 * "cannot save", and it saves everything once it can again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../app/engine';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import { eventually, passwordAccount, startHarness, type Harness } from '../support/engine-harness';

const REFRESH = 'refresh_token';

/** Mounts a tmpfs of `size` at a new folder; undefined where this process may not mount. */
function mountTmpfs(size: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const directory = mkdtempSync(join(tmpdir(), 'tokendock-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', directory]);
    return directory;
  } catch {
    rmSync(directory, { recursive: true, force: true });
    return undefined;
  }
}

/** Fills the file system of `directory` to the last byte; returns the filler's path. */
function fill(directory: string): string {
  const filler = join(directory, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(64 * 1024 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // The last partial block: keep writing small pieces until nothing more fits.
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(directory, `crumb-${i}`), Buffer.alloc(512));
    } catch {
      return filler;
    }
  }
}

const mountPoint = mountTmpfs('4m');
let f: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 600 });
});
afterEach(async () => {
  await h?.close().catch(() => undefined);
  h = undefined;
});
afterAll(async () => {
  await f?.close();
  if (mountPoint) {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

const storageEvents = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === 'storage-changed' ? [e.storage] : []));

describe.skipIf(!mountPoint)('when the vault cannot be written (tmpfs, as root)', () => {
  it('a full disk: no crash, the token still works, "cannot save" shown, all saved once space returns', async () => {
    const directory = join(mountPoint!, 'full');
    h = await startHarness(f, { directory });
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: f.sandbox.users[0]!.password });
    const targetId = account.targets[0]!.id;

    const filler = fill(mountPoint!);
    await h.engine.refreshNow(account.id, targetId);
    const rotated = h.wire.issued.findLast((t) => t.grantType === REFRESH)!;
    expect(h.engine.storageProtection().saving).toMatchObject({
      kind: 'cannot-save',
      fsCode: 'ENOSPC',
      reason: 'The disk is full.',
    });
    expect(storageEvents(h.events).at(-1)).toMatchObject({ kind: 'cannot-save' });
    expect((await h.engine.getToken(account.id, targetId)).accessToken).toBe(rotated.accessToken);

    execFileSync('sh', ['-c', `rm -f ${filler} ${mountPoint}/crumb-*`]);
    await eventually(
      () => storageEvents(h!.events).at(-1)?.kind === 'ok',
      15_000,
      'saving to work again',
    );
    expect(h.engine.storageProtection().saving).toEqual({ kind: 'ok' });

    // Nothing was lost: after a restart the rotated refresh token is the one on disk, and works.
    h = await h.reopen();
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBe(
      rotated.refreshToken,
    );
    await h.engine.refreshNow(account.id, targetId);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  }, 40_000);

  it('a read-only folder: "cannot save" with EROFS, then saved once it is writable again', async () => {
    const directory = join(mountPoint!, 'readonly');
    h = await startHarness(f, { directory });
    const account = await h.engine.addAccount(passwordAccount(f.sandbox));
    await h.engine.signIn(account.id, { password: f.sandbox.users[0]!.password });
    const targetId = account.targets[0]!.id;

    execFileSync('mount', ['-o', 'remount,ro', mountPoint!]);
    try {
      await h.engine.refreshNow(account.id, targetId);
      expect(h.engine.storageProtection().saving).toMatchObject({
        kind: 'cannot-save',
        fsCode: 'EROFS',
      });
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint!]);
    }
    const rotated = h.wire.issued.findLast((t) => t.grantType === REFRESH)!;
    await eventually(
      () => storageEvents(h!.events).at(-1)?.kind === 'ok',
      15_000,
      'saving to work again',
    );
    h = await h.reopen();
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBe(
      rotated.refreshToken,
    );
  }, 40_000);
});
