/**
 * One process per vault folder: a second TokenDock process is refused with a clear error while
 * the first runs, and a lock left by a process that is gone is taken over.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmCipher, VaultLockedError, openVault, type Vault } from '../../app/vault';
import {
  fixedClock,
  makeTempRoot,
  recordingLogger,
  sampleAccount,
} from '../support/vault-fixtures';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let remove: () => Promise<void>;
let directory: string;
const opened: Vault[] = [];
const children = new Set<ChildProcess>();

beforeEach(async () => {
  const temp = await makeTempRoot();
  remove = temp.remove;
  directory = join(temp.root, 'vault');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
  await remove();
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function open(logger = recordingLogger()): Vault {
  const vault = openVault({ directory, cipher: new AesGcmCipher(), clock: fixedClock, logger });
  opened.push(vault);
  return vault;
}

interface ProbeResult {
  opened?: boolean;
  pid?: number;
  log?: string[];
  error?: string;
  message?: string;
  holderPid?: number;
}

const probeArgs = (mode?: string): string[] => [
  '--import',
  './scripts/register-ts.mjs',
  'test/support/vault-lock-probe.ts',
  directory,
  ...(mode === undefined ? [] : [mode]),
];

/** Runs the probe in a child process until it exits; resolves with what it printed. */
async function probe(): Promise<ProbeResult> {
  const result = await run(process.execPath, probeArgs(), { cwd: projectRoot }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(result.stdout) as ProbeResult;
}

/** Starts the probe holding the vault open; resolves once it has opened it. */
function holder(): Promise<{ child: ChildProcess; result: ProbeResult }> {
  const child = spawn(process.execPath, probeArgs('hold'), {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.endsWith('\n')) resolve({ child, result: JSON.parse(stdout) as ProbeResult });
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${stdout}`)));
  });
}

/** The pid of a process that has come and gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('the vault lock', () => {
  it('refuses a second process while this one has the vault open', async () => {
    const vault = open();
    await vault.writeAccount({ account: sampleAccount('a1') });
    const lock = JSON.parse(await readFile(join(directory, 'tokendock.lock'), 'utf8')) as unknown;
    expect(lock).toEqual({ pid: process.pid, startedAt: new Date(fixedClock.now()).toISOString() });

    const refused = await probe();
    expect(refused).toEqual({
      error: 'VaultLockedError',
      message: `Another TokenDock process (pid ${process.pid}) is using ${directory}. Quit it first.`,
      holderPid: process.pid,
    });
    // The refused process changed nothing.
    expect(vault.load().accounts).toHaveLength(1);
    expect(await readdir(join(directory, 'accounts'))).toEqual(['a1.json']);

    await vault.close();
    opened.length = 0;
    expect(await probe()).toMatchObject({ opened: true });
    // The probe closed the vault: the lock is gone.
    expect(await readdir(directory)).not.toContain('tokendock.lock');
  });

  it('is refused here while another process holds the vault, and taken over once it is killed', async () => {
    const { child, result } = await holder();
    expect(result).toMatchObject({ opened: true, pid: child.pid });
    let error: unknown;
    try {
      open();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultLockedError);
    expect((error as VaultLockedError).holderPid).toBe(child.pid);
    expect((error as Error).message).toBe(
      `Another TokenDock process (pid ${child.pid}) is using ${directory}. Quit it first.`,
    );

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const logger = recordingLogger();
    open(logger);
    expect(logger.lines.join('\n')).toMatch(/took over a stale lock.*its process is not running/);
    const lock = JSON.parse(await readFile(join(directory, 'tokendock.lock'), 'utf8')) as {
      pid: number;
    };
    expect(lock.pid).toBe(process.pid);
  });

  it('takes over a lock whose process is gone, or that cannot be read', async () => {
    open();
    await Promise.all(opened.splice(0).map((vault) => vault.close()));
    for (const content of [
      JSON.stringify({ pid: await deadPid(), startedAt: '2026-01-01T00:00:00.000Z' }),
      '{"pid":',
      '',
      JSON.stringify({ pid: -1 }),
    ]) {
      await writeFile(join(directory, 'tokendock.lock'), content);
      const result = await probe();
      expect(result).toMatchObject({ opened: true });
      expect(result.log?.join('\n')).toMatch(/took over a stale lock/);
    }
  });

  it('a process that opens its own folder again takes its own lock over', async () => {
    open();
    const logger = recordingLogger();
    const again = open(logger);
    expect(again.load().accounts).toEqual([]);
    expect(logger.lines.join('\n')).toMatch(/took over a stale lock.*held by this process/);
    // Closing the first one does not remove the lock the second one now holds.
    await opened[0]!.close();
    expect(await readdir(directory)).toContain('tokendock.lock');
  });
});
