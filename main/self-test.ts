import type { App, BrowserWindow, Clipboard, SafeStorage } from 'electron';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope, ResponseOf, TrayStatus } from '../app/contract/channels';
import type { Channel, RequestOf } from '../app/contract/schemas';
import type { Engine } from '../app/engine';
import { APP_ENTRY_URL } from '../app/host/app-origin';
import { safeStorageProtection } from '../app/host/cipher-protection';
import type { Dispatcher } from '../app/host/dispatcher';
import {
  formatSelfTestReport,
  isSelfTestProfile,
  isSelfTestRun,
  judgeCopiedToken,
  judgeDecodedToken,
  judgeIpc,
  judgeProfile,
  judgeRenderer,
  judgeSafeStorage,
  judgeSignIn,
  judgeTrayHost,
  runSelfTestChecks,
  selfTestAccount,
  selfTestExitCode,
  SELF_TEST_PROFILE_PREFIX,
  startFailureReport,
  type SelfTestLine,
  type StepOutcome,
} from '../app/host/self-test';
import type { SandboxProvider } from '../app/sandbox';

/**
 * `TokenDock --self-test`: the real app, started hidden with a temporary profile, checks itself
 * and prints one JSON line per check (`app/host/self-test.ts` decides what the checks are and
 * how they are judged; this file gathers the facts inside Electron). Imports only types from
 * Electron: the composition root hands in what it has.
 */

/**
 * Before the app is ready: for a self-test, a fresh folder in the temp folder to use as the
 * app's data folder (the composition root passes it to `applyUserDataOverride`), else undefined.
 * A separate data folder also means a separate single-instance lock: a running TokenDock is not
 * disturbed.
 */
export function selfTestProfile(argv: readonly string[]): string | undefined {
  if (!isSelfTestRun(argv)) return undefined;
  return mkdtempSync(join(tmpdir(), SELF_TEST_PROFILE_PREFIX));
}

/** For a start that failed before `runSelfTest` could run: prints the report and exits 1. */
export function selfTestCouldNotStart(app: Pick<App, 'exit' | 'getPath'>, error: unknown): void {
  process.stdout.write(formatSelfTestReport(startFailureReport(error)), () => {
    removeProfile(app.getPath('userData'));
    app.exit(1);
  });
}

export interface SelfTestDeps {
  app: Pick<App, 'exit' | 'getPath' | 'getName' | 'getVersion'>;
  /** The main window, created hidden. */
  window: Pick<BrowserWindow, 'isVisible' | 'isDestroyed' | 'webContents'>;
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  engine: Pick<Engine, 'stop'>;
  /** Starts (once) and returns the sandbox provider, as the app's own "Try the sandbox" does. */
  sandbox: () => Promise<Pick<SandboxProvider, 'issuer' | 'clients' | 'resources'>>;
  clipboard: Pick<Clipboard, 'readText' | 'writeText' | 'clear'>;
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
  > &
    Partial<Pick<SafeStorage, 'encryptStringAsync' | 'decryptStringAsync'>>;
  /**
   * The tray: whether the composition root made its `Tray`, and whether a tray can be seen here
   * (its own detection, `detectTrayHost`).
   */
  tray: { created: boolean; status: TrayStatus };
  platform?: string;
  /** Where the report goes (default: standard output). */
  write?: (text: string) => Promise<void>;
  /** Exit when done (default true); tests keep the process. */
  exit?: boolean;
}

/**
 * Runs every check, prints the report, puts the clipboard back, stops the engine, removes the
 * temporary profile and exits 0 (every check passed) or 1. Returns the exit code.
 */
export async function runSelfTest(deps: SelfTestDeps): Promise<0 | 1> {
  const platform = deps.platform ?? process.platform;
  const userData = deps.app.getPath('userData');
  const contents = deps.window.webContents;
  const dispatch = async <C extends Channel>(
    channel: C,
    payload: RequestOf<C>,
  ): Promise<ResponseOf<C>> => {
    const answer = (await deps.dispatcher.dispatch(channel, payload)) as Envelope<ResponseOf<C>>;
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}: ${answer.error.message}`);
    return answer.value;
  };

  let issuer = '';
  let signedIn: { accountId: string; targetId: string } | undefined;
  let copied = '';
  let clipboardBefore: string | undefined;

  const steps = {
    start: async (): Promise<StepOutcome> => ({
      ok: true,
      detail:
        `${deps.app.getName()} ${deps.app.getVersion()} on ${platform} ${process.arch}, ` +
        `Electron ${process.versions.electron ?? '?'}, Chromium ${process.versions.chrome ?? '?'}; ` +
        `started in ${process.uptime().toFixed(1)} s`,
    }),
    profile: async () => judgeProfile({ userData, tempRoot: tmpdir() }),
    renderer: async () => {
      const started = Date.now();
      await loaded(contents);
      let state = { rendered: false, bridge: false };
      for (;;) {
        state = (await contents.executeJavaScript(
          `({ rendered: (document.getElementById('root')?.childElementCount ?? 0) > 0,
              bridge: typeof window.tokendock?.invoke === 'function' })`,
        )) as typeof state;
        if ((state.rendered && state.bridge) || Date.now() - started > 20_000) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      return judgeRenderer({
        url: contents.getURL(),
        ...state,
        visible: !deps.window.isDestroyed() && deps.window.isVisible(),
        ms: Date.now() - started,
        expectedUrl: APP_ENTRY_URL,
      });
    },
    ipc: async () => {
      const started = Date.now();
      const answer: unknown = await contents.executeJavaScript(
        `window.tokendock.invoke('app:info', {})`,
      );
      return judgeIpc({ answer, expectedName: deps.app.getName(), ms: Date.now() - started });
    },
    'safe-storage': async () => {
      const storage = deps.safeStorage;
      const encryptionAvailable = storage.isEncryptionAvailable();
      const { backend, isProtected } = safeStorageProtection({
        platform,
        encryptionAvailable,
        ...(platform === 'linux' ? { linuxBackend: storage.getSelectedStorageBackend() } : {}),
      });
      let roundTrip: true | string = 'not tried';
      if (encryptionAvailable) {
        try {
          const probe = `tokendock-self-test-${randomUUID()}`;
          // The asynchronous calls where Electron has them: a Keychain or keyring prompt then
          // does not block the main process, and the step's deadline applies.
          const back =
            storage.encryptStringAsync && storage.decryptStringAsync
              ? (await storage.decryptStringAsync(await storage.encryptStringAsync(probe))).result
              : storage.decryptString(storage.encryptString(probe));
          roundTrip = back === probe ? true : 'it decrypted to another value';
        } catch (error) {
          roundTrip = error instanceof Error ? error.message : String(error);
        }
      }
      return judgeSafeStorage({ platform, encryptionAvailable, backend, isProtected, roundTrip });
    },
    'tray-host': async () =>
      judgeTrayHost({ platform, trayCreated: deps.tray.created, status: deps.tray.status }),
    'sandbox-sign-in': async () => {
      const provider = await deps.sandbox();
      issuer = provider.issuer;
      const added = await dispatch('accounts:add', {
        input: selfTestAccount(provider),
      });
      const account = await dispatch('accounts:sign-in', { accountId: added.id });
      const targetId = account.targets[0]?.id;
      const outcome = judgeSignIn({ account, issuer, now: Date.now() });
      if (outcome.ok && targetId) signedIn = { accountId: account.id, targetId };
      return outcome;
    },
    copy: async () => {
      if (!signedIn) return { ok: false, detail: 'nothing signed in' };
      clipboardBefore = await deps.clipboard.readText();
      const { expiresOn } = await dispatch('tokens:copy', {
        ...signedIn,
        format: 'raw',
      });
      // The app's clipboard port writes asynchronously: wait for the text to arrive.
      const started = Date.now();
      for (;;) {
        copied = await deps.clipboard.readText();
        if (copied !== clipboardBefore || Date.now() - started > 5_000) break;
        await new Promise((done) => setTimeout(done, 50));
      }
      return judgeCopiedToken({ clipboard: copied, expiresOn });
    },
    decode: async () => {
      if (!signedIn) return { ok: false, detail: 'nothing signed in' };
      const decoded = await dispatch('tokens:decode', {
        ...signedIn,
        which: 'access',
      });
      return judgeDecodedToken({ copied, decoded, issuer, now: Date.now() });
    },
  };

  let lines: SelfTestLine[];
  try {
    lines = await runSelfTestChecks(steps);
  } finally {
    await restoreClipboard(deps.clipboard, copied, clipboardBefore);
  }
  const code = selfTestExitCode(lines);
  await (deps.write ?? writeStdout)(formatSelfTestReport(lines));

  await Promise.race([
    deps.engine.stop().catch(() => false),
    new Promise((done) => setTimeout(done, 10_000)),
  ]);
  removeProfile(userData);
  if (deps.exit !== false) {
    // Chromium may still write to the profile while it shuts down: try once more at the end.
    process.once('exit', () => removeProfile(userData));
    deps.app.exit(code);
  }
  return code;
}

/** Resolves once the main frame has loaded (or failed to). */
function loaded(contents: SelfTestDeps['window']['webContents']): Promise<void> {
  if (!contents.isLoading() && contents.getURL() !== '') return Promise.resolve();
  return new Promise((done, fail) => {
    const finish = () => {
      contents.off('did-finish-load', finish);
      contents.off('did-fail-load', failed);
      done();
    };
    const failed = (
      _event: unknown,
      errorCode: number,
      errorDescription: string,
      url: string,
      isMainFrame: boolean,
    ) => {
      if (!isMainFrame) return;
      contents.off('did-finish-load', finish);
      contents.off('did-fail-load', failed);
      fail(new Error(`${url} did not load: ${errorDescription} (${errorCode})`));
    };
    contents.on('did-finish-load', finish);
    contents.on('did-fail-load', failed);
  });
}

/** Puts back what the person had on the clipboard, if it still holds the copied token. */
async function restoreClipboard(
  clipboard: SelfTestDeps['clipboard'],
  copied: string,
  before: string | undefined,
): Promise<void> {
  if (before === undefined || copied === '') return;
  try {
    if ((await clipboard.readText()) !== copied) return;
    if (before === '') clipboard.clear();
    else await clipboard.writeText(before);
  } catch {
    // the report already says whether the clipboard worked
  }
}

function writeStdout(text: string): Promise<void> {
  return new Promise((done) => process.stdout.write(text, () => done()));
}

/** Removes the temporary profile; never anything that is not one. */
function removeProfile(userData: string): void {
  if (!isSelfTestProfile(userData, tmpdir())) return;
  try {
    rmSync(userData, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Windows may still hold a file; the system cleans its temp folder.
  }
}
