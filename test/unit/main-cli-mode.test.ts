import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliArgumentsOf } from '../../app/contract/cli-commands';

/**
 * The packaged binary answers `tokendock <command>` itself (its RunAsNode fuse is off): run here
 * through main/index.ts against the fake `electron`, with no TokenDock running.
 */
vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);
// The app's window-state store (electron-store) requires the real electron; nothing of it runs here.
vi.mock('electron-store', () => ({ default: class {} }));

describe('which runs of the binary are commands', () => {
  it('takes a known command as the first argument, after the app folder when unpackaged', () => {
    expect(cliArgumentsOf(['/opt/TokenDock/tokendock', 'token', 'work'], true)).toEqual([
      'token',
      'work',
    ]);
    expect(cliArgumentsOf(['electron', '/src/tokendock', 'status', '--json'], false)).toEqual([
      'status',
      '--json',
    ]);
  });

  it('leaves the app alone for no arguments, its own flags, or an unknown word', () => {
    expect(cliArgumentsOf(['/opt/TokenDock/tokendock'], true)).toBeUndefined();
    expect(cliArgumentsOf(['/opt/TokenDock/tokendock', '--hidden'], true)).toBeUndefined();
    expect(
      cliArgumentsOf(['/opt/TokenDock/tokendock', '--no-sandbox', 'list'], true),
    ).toBeUndefined();
    expect(cliArgumentsOf(['/opt/TokenDock/tokendock', 'tokens'], true)).toBeUndefined();
    // Unpackaged, the first argument is the app's folder, whatever it is called.
    expect(cliArgumentsOf(['electron', 'status'], false)).toBeUndefined();
  });
});

describe('tokendock status from the desktop binary, with nothing running', () => {
  let home: string;
  const argv = process.argv;
  const written: string[] = [];
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tokendock-cli-mode-'));
    process.env.TOKENDOCK_SOCKET = join(home, 'tokendock.sock');
    process.argv = ['electron', '/src/tokendock', 'status'];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    process.argv = argv;
    delete process.env.TOKENDOCK_SOCKET;
    vi.restoreAllMocks();
    await rm(home, { recursive: true, force: true });
  });

  it('answers as the command does and exits with its code, starting nothing of the app', async () => {
    const { fakeElectron, recorded, FakeBrowserWindow } = await import('../electron/fake-electron');
    const lock = vi.spyOn(fakeElectron.app, 'requestSingleInstanceLock');
    await import('../../main/index');
    await vi.waitFor(() => expect(fakeElectron.app.exitCode).toBeDefined(), { timeout: 10_000 });
    expect(fakeElectron.app.exitCode).toBe(4); // TokenDock is not running
    expect(written.join('')).toMatch(/not running/i);
    expect(lock).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
    expect(recorded.privilegedSchemes).toHaveLength(0);
  });
});
