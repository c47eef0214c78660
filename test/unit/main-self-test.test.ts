import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../app/engine';
import { APP_ENTRY_URL } from '../../app/host/app-origin';
import { syncClipboard } from '../../app/host/async-clipboard';
import { Dispatcher } from '../../app/host/dispatcher';
import {
  parseSelfTestReport,
  SELF_TEST_CHECKS,
  SELF_TEST_PROFILE_PREFIX,
} from '../../app/host/self-test';
import { startSandbox, type SandboxProvider } from '../../app/sandbox';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import { runSelfTest, selfTestProfile, type SelfTestDeps } from '../../main/self-test';

/**
 * `main/self-test.ts` with the real engine, vault, dispatcher and sandbox provider, and doubles
 * for what only Electron has (the window's `executeJavaScript`, the clipboard, `safeStorage`):
 * every request it sends passes the contract's validators, the clipboard is put back, the
 * temporary profile is removed, and a profile that is not a temporary one is never signed in
 * to nor removed. What the doubles stand for is checked in the real binary by
 * test/electron/app.spec.ts.
 */

let sandbox: SandboxProvider;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  sandbox = await startSandbox();
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Electron's clipboard: asynchronous calls over one text. */
class AsyncClipboard {
  constructor(public text: string) {}
  dropWrites = false;
  async readText() {
    return this.text;
  }
  async writeText(text: string) {
    if (!this.dropWrites) this.text = text;
  }
  clear() {
    this.text = '';
  }
}

async function world(options: { userData?: string; clipboard?: AsyncClipboard } = {}) {
  const userData = options.userData ?? (await mkdtemp(join(tmpdir(), SELF_TEST_PROFILE_PREFIX)));
  const vaultFolder = await mkdtemp(join(tmpdir(), 'tokendock-vault-of-self-test-'));
  cleanups.push(() => rm(vaultFolder, { recursive: true, force: true }));
  const vault: Vault = openVault({ directory: vaultFolder, cipher: new AesGcmCipher() });
  const clipboard = options.clipboard ?? new AsyncClipboard('what the person had copied');
  const engine = new Engine({
    vault,
    fetch: globalThis.fetch,
    clipboard: syncClipboard(clipboard),
    notifier: { notify: () => undefined },
    sandboxIssuer: async () => sandbox.issuer,
  });
  engine.start();
  cleanups.push(async () => {
    await engine.stop();
    await vault.close();
  });
  const dispatcher = new Dispatcher({
    engine,
    appInfo: { name: 'TokenDock', version: '0.1.0', platform: 'linux' },
    sandbox: async () => sandbox,
    push: () => undefined,
    openVerificationPage: async () => undefined,
  });
  // The renderer's side of executeJavaScript: the two expressions main/self-test.ts evaluates.
  const evaluated: string[] = [];
  const webContents = {
    isLoading: () => false,
    getURL: () => APP_ENTRY_URL,
    on: () => webContents,
    off: () => webContents,
    executeJavaScript: async (code: string) => {
      evaluated.push(code);
      if (code.includes("invoke('app:info'")) return dispatcher.dispatch('app:info', {});
      if (code.includes("getElementById('root')")) return { rendered: true, bridge: true };
      throw new Error(`unexpected script ${code}`);
    },
  };
  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    encryptString: (text: string) => Buffer.from(`sealed:${text}`),
    decryptString: (data: Buffer) => data.toString().replace(/^sealed:/, ''),
  };
  let written = '';
  const deps: SelfTestDeps = {
    app: {
      getPath: () => userData,
      getName: () => 'TokenDock',
      getVersion: () => '0.1.0',
      exit: () => {
        throw new Error('the test keeps its process');
      },
    },
    window: {
      isVisible: () => false,
      isDestroyed: () => false,
      webContents: webContents as unknown as SelfTestDeps['window']['webContents'],
    },
    dispatcher,
    engine,
    sandbox: async () => sandbox,
    clipboard: clipboard as unknown as SelfTestDeps['clipboard'],
    safeStorage: safeStorage as unknown as SelfTestDeps['safeStorage'],
    tray: { created: true, status: { available: true } },
    platform: 'linux',
    write: async (text) => {
      written += text;
    },
    exit: false,
  };
  return { deps, engine, clipboard, userData, evaluated, report: () => written };
}

describe('runSelfTest', () => {
  it('passes every check against the real engine and sandbox, restores the clipboard, removes the profile', async () => {
    const { deps, clipboard, userData, evaluated, report } = await world();
    const code = await runSelfTest(deps);
    const lines = parseSelfTestReport(report());
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(lines.map((l) => l.name)).toEqual(SELF_TEST_CHECKS.map((c) => c.name));
    expect(code).toBe(0);
    expect(report().trimEnd().split('\n')).toHaveLength(SELF_TEST_CHECKS.length);
    expect(lines.find((l) => l.name === 'sandbox-sign-in')!.detail).toContain(sandbox.issuer);
    expect(lines.find((l) => l.name === 'decode')!.detail).toContain('tokens:decode agrees');
    expect(clipboard.text).toBe('what the person had copied');
    expect(report()).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(existsSync(userData)).toBe(false);
    expect(evaluated.some((code) => code.includes("invoke('app:info'"))).toBe(true);
  }, 60_000);

  it('an empty clipboard before the test is left empty after it', async () => {
    const { deps, clipboard } = await world({ clipboard: new AsyncClipboard('') });
    expect(await runSelfTest(deps)).toBe(0);
    expect(clipboard.text).toBe('');
  }, 60_000);

  it('a clipboard that keeps nothing fails copy, and decode is not run', async () => {
    const stuck = new AsyncClipboard('unchanged');
    stuck.dropWrites = true;
    const { deps, report } = await world({ clipboard: stuck });
    expect(await runSelfTest(deps)).toBe(1);
    const lines = parseSelfTestReport(report());
    expect(lines.find((l) => l.name === 'copy')).toMatchObject({ ok: false });
    expect(lines.find((l) => l.name === 'copy')!.detail).toContain('not a JWT');
    expect(lines.find((l) => l.name === 'decode')!.detail).toBe(
      'not run: needs copy, which did not pass',
    );
    expect(stuck.text).toBe('unchanged');
  }, 60_000);

  it('on a real profile it signs nothing in and removes nothing', async () => {
    const real = await mkdtemp(join(tmpdir(), 'tokendock-real-profile-'));
    cleanups.push(() => rm(real, { recursive: true, force: true }));
    const { deps, engine, report } = await world({ userData: real });
    expect(await runSelfTest(deps)).toBe(1);
    const lines = parseSelfTestReport(report());
    expect(lines.find((l) => l.name === 'profile')!.ok).toBe(false);
    for (const name of ['sandbox-sign-in', 'copy', 'decode'])
      expect(lines.find((l) => l.name === name)!.detail).toMatch(/^not run/);
    expect(engine.listAccounts()).toEqual([]);
    expect(existsSync(real)).toBe(true);
  }, 60_000);

  it('a keyring that refuses and no tray host: those two lines fail, the rest passes', async () => {
    const { deps, report } = await world();
    deps.safeStorage = {
      ...deps.safeStorage,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: () => {
        throw new Error('Error while encrypting the text provided to safeStorage.encryptString.');
      },
    };
    deps.tray = {
      created: true,
      status: { available: false, reason: 'No tray icon: this desktop shows none.' },
    };
    expect(await runSelfTest(deps)).toBe(1);
    const failed = parseSelfTestReport(report()).filter((l) => !l.ok);
    expect(failed.map((l) => l.name)).toEqual(['safe-storage', 'tray-host']);
    expect(failed[0]!.detail).toContain('Error while encrypting');
    expect(failed[1]!.detail).toContain('No tray icon: this desktop shows none.');
    expect(failed[1]!.detail).toContain('AppIndicator');
  }, 60_000);
});

describe('selfTestProfile', () => {
  it('is a fresh temp folder only for --self-test', async () => {
    expect(selfTestProfile(['electron', '.'])).toBeUndefined();
    const profile = selfTestProfile(['electron', '.', '--self-test'])!;
    cleanups.push(() => rm(profile, { recursive: true, force: true }));
    expect(profile.startsWith(join(tmpdir(), SELF_TEST_PROFILE_PREFIX))).toBe(true);
    expect(existsSync(profile)).toBe(true);
  });
});
