/**
 * A full disk (ENOSPC) and a read-only file system (EROFS), for real: a 256 KiB tmpfs mounted for
 * the test (this needs root, as on CI; elsewhere the tests are skipped and say why). A failed write
 * rejects with a VaultWriteError, throws nothing anywhere else, changes nothing on disk or in
 * memory, and the same write succeeds once there is room again.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import {
  AesGcmCipher,
  VaultWriteError,
  openVault,
  type AccountWrite,
  type Vault,
} from '../../app/vault';
import {
  clientSecretKey,
  fixedClock,
  makeTempRoot,
  recordingLogger,
  refreshKey,
  sampleAccount,
  snapshotTree,
} from '../support/vault-fixtures';

let root: string;
let removeRoot: (() => Promise<void>) | undefined;
let mountPoint: string;
let skipReason: string | undefined;

beforeAll(async () => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    skipReason = 'needs root on Linux to mount a tmpfs';
    return;
  }
  ({ root, remove: removeRoot } = await makeTempRoot());
  mountPoint = join(root, 'small-disk');
  await mkdir(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', mountPoint], {
      stdio: 'pipe',
    });
  } catch (error) {
    skipReason = `could not mount a tmpfs: ${String((error as { stderr?: Buffer }).stderr ?? error)}`;
  }
});
afterAll(async () => {
  if (skipReason === undefined && mountPoint !== undefined) {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  }
  await removeRoot?.();
});

const cipher = new AesGcmCipher();
const opened: Vault[] = [];
let directory: string;
/** Errors that reached the process instead of a promise: there must be none. */
const escaped: unknown[] = [];
const onEscaped = (error: unknown): void => {
  escaped.push(error);
};

beforeEach(async (context) => {
  if (skipReason !== undefined) {
    console.warn(`vault-disk: skipped: ${skipReason}`);
    context.skip(skipReason);
  }
  directory = join(mountPoint, 'vault');
  process.on('uncaughtException', onEscaped);
  process.on('unhandledRejection', onEscaped);
});
afterEach(async () => {
  process.off('uncaughtException', onEscaped);
  process.off('unhandledRejection', onEscaped);
  if (skipReason !== undefined) return;
  remount('rw');
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
  await rm(join(mountPoint, 'filler'), { force: true });
  await rm(directory, { recursive: true, force: true });
  expect(escaped.splice(0)).toEqual([]);
});

function remount(mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, mountPoint], { stdio: 'pipe' });
}

function open(withCipher = cipher): Vault {
  const vault = openVault({
    directory,
    cipher: withCipher,
    clock: fixedClock,
    logger: recordingLogger(),
  });
  opened.push(vault);
  return vault;
}

/** Fills the file system up to the last byte. */
async function fillDisk(): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const path = join(mountPoint, 'filler');
  for (;;) {
    try {
      await writeFile(path, chunk, { flag: 'a' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
      throw error;
    }
  }
  // The last append may have stopped short of a whole chunk: top up byte by byte.
  for (let size = 4096; size >= 1; size = Math.floor(size / 2)) {
    for (;;) {
      try {
        await writeFile(path, Buffer.alloc(size, 1), { flag: 'a' });
      } catch {
        break;
      }
    }
  }
}

async function seed(vault: Vault): Promise<void> {
  await vault.writeAccount({
    account: sampleAccount('a1'),
    secrets: [
      { key: refreshKey('a1'), value: 'old-refresh-token' },
      { key: clientSecretKey('a1'), value: 'client-secret' },
    ],
  });
  await vault.writeAccount({ account: sampleAccount('a2') });
  await vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'dark' });
}

/** A token rotation of a1: new record, new refresh token. */
const rotation: AccountWrite = {
  account: sampleAccount('a1', { name: 'rotated', updatedOn: 2 }),
  secrets: [{ key: refreshKey('a1'), value: `new-refresh-token-${'x'.repeat(3000)}` }],
};

async function expectRejected(write: Promise<void>, fsCode: string): Promise<VaultWriteError> {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultWriteError);
  expect((error as VaultWriteError).fsCode).toBe(fsCode);
  expect((error as VaultWriteError).cause).toMatchObject({ code: fsCode });
  return error as VaultWriteError;
}

/** What the vault holds in memory, to compare before and after a failed write. */
function memory(vault: Vault): unknown {
  return {
    data: vault.load(),
    refresh: vault.readSecret(refreshKey('a1')),
    client: vault.readSecret(clientSecretKey('a1')),
    a3: vault.hasSecret(refreshKey('a3')),
    protection: vault.protection,
  };
}

describe('a full disk', () => {
  it('rejects with ENOSPC, changes nothing, and the same write succeeds once there is room', async () => {
    const vault = open();
    await seed(vault);
    await fillDisk();
    const disk = await snapshotTree(directory);
    const held = memory(vault);

    const error = await expectRejected(vault.writeAccount(rotation), 'ENOSPC');
    expect(error.message).toMatch(/disk is full/);
    await expectRejected(
      vault.writeAccount({
        account: sampleAccount('a3'),
        secrets: [{ key: refreshKey('a3'), value: 'x'.repeat(5000) }],
      }),
      'ENOSPC',
    );
    await expectRejected(vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'light' }), 'ENOSPC');
    // No temporary file left behind, not a byte changed, nothing changed in memory.
    expect(await snapshotTree(directory)).toEqual(disk);
    expect(memory(vault)).toEqual(held);

    await unlink(join(mountPoint, 'filler'));
    await vault.writeAccount(rotation);
    expect(vault.readSecret(refreshKey('a1'))).toBe(rotation.secrets![0]!.value);
    await vault.close();
    const reopened = open();
    expect(reopened.load().accounts.find((account) => account.id === 'a1')?.name).toBe('rotated');
    expect(reopened.readSecret(refreshKey('a1'))).toBe(rotation.secrets![0]!.value);
    expect(reopened.readSecret(clientSecretKey('a1'))).toBe('client-secret');
  });

  it('an opt-in that runs out of room half-way is undone: files and memory as before', async () => {
    const unprotected = new AesGcmCipher(undefined, { isProtected: false, backend: 'basic_text' });
    const vault = open(unprotected);
    for (let index = 0; index < 6; index += 1) {
      await vault.writeAccount({
        account: sampleAccount(`acc-${index}`),
        secrets: [{ key: refreshKey(`acc-${index}`), value: 'r'.repeat(6000) }],
      });
    }
    // Room for a few rewrites with secrets (each needs ~3 pages), not for all six.
    await writeFile(join(mountPoint, 'reserve'), Buffer.alloc(5 * 4096, 1));
    await fillDisk();
    await unlink(join(mountPoint, 'reserve'));
    const disk = await snapshotTree(directory);
    const held = memory(vault);

    await expectRejected(vault.setPersistUnprotected(true), 'ENOSPC');
    expect(await snapshotTree(directory)).toEqual(disk);
    expect(memory(vault)).toEqual(held);
    expect(vault.protection.secretsOnDisk).toBe(false);

    await unlink(join(mountPoint, 'filler'));
    await vault.setPersistUnprotected(true);
    expect(vault.protection.secretsOnDisk).toBe(true);
    await vault.close();
    expect(open(unprotected).readSecret(refreshKey('acc-5'))).toBe('r'.repeat(6000));
  });
});

describe('a read-only file system', () => {
  it('rejects with EROFS, changes nothing, and the same write succeeds once writable', async () => {
    const vault = open();
    await seed(vault);
    const disk = await snapshotTree(directory);
    const held = memory(vault);
    remount('ro');

    await expectRejected(vault.writeAccount(rotation), 'EROFS');
    await expectRejected(vault.removeAccount('a2'), 'EROFS');
    await expectRejected(vault.saveSettings({ ...DEFAULT_SETTINGS, theme: 'light' }), 'EROFS');
    expect(memory(vault)).toEqual(held);

    remount('rw');
    expect(await snapshotTree(directory)).toEqual(disk);
    await vault.writeAccount(rotation);
    await vault.removeAccount('a2');
    expect(vault.load().accounts.map((account) => account.id)).toEqual(['a1']);
    expect(vault.readSecret(refreshKey('a1'))).toBe(rotation.secrets![0]!.value);
  });

  it('opens a vault on a read-only file system (reads work, writes reject)', async () => {
    const vault = open();
    await seed(vault);
    await vault.close();
    opened.length = 0;
    // As after a crash: a lock left behind by a process that is gone.
    await writeFile(join(directory, 'tokendock.lock'), JSON.stringify({ pid: 2 ** 22 + 1 }));
    remount('ro');
    const readOnly = open();
    expect(readOnly.problems).toEqual([]);
    expect(readOnly.load().accounts).toHaveLength(2);
    expect(readOnly.readSecret(refreshKey('a1'))).toBe('old-refresh-token');
    await expectRejected(readOnly.writeAccount(rotation), 'EROFS');
  });
});
