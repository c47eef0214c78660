/**
 * A real freedesktop Secret Service for the keyring tests: Debian's gnome-keyring on a private
 * session bus (`dbus-run-session`), with its own HOME and XDG folders in a temp folder, so
 * nothing touches the machine's keyrings. The session stays up until `close()`; processes join
 * it through `env` (its `DBUS_SESSION_BUS_ADDRESS`). No display is given, so any unlock prompt
 * fails at once instead of waiting for a person.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const TOOLS = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'];
export const SECRET_SERVICE_INSTALL_HINT =
  'needs gnome-keyring, dbus and libsecret-tools (apt-get install gnome-keyring dbus libsecret-tools)';

/** The password of the test `login` keyring. */
const KEYRING_PASSWORD = 'tokendock-test-keyring';

function onPath(tool: string): boolean {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    try {
      accessSync(join(folder, tool), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** Why a Secret Service cannot be started here, or `undefined` when it can. */
export function secretServiceMissing(): string | undefined {
  if (process.platform !== 'linux') return `Linux only (this is ${process.platform})`;
  const absent = TOOLS.filter((tool) => !onPath(tool));
  return absent.length === 0
    ? undefined
    : `${absent.join(', ')} not found: ${SECRET_SERVICE_INSTALL_HINT}`;
}

/** An environment with a private HOME and XDG folders, and no display (prompts fail at once). */
export async function isolatedEnv(
  root: string,
  extra: Record<string, string> = {},
): Promise<NodeJS.ProcessEnv> {
  const run = join(root, 'run');
  await mkdir(run, { recursive: true });
  await chmod(run, 0o700);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: root,
    XDG_RUNTIME_DIR: run,
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    ...extra,
  };
  for (const name of [
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'DBUS_SESSION_BUS_ADDRESS',
    'GNOME_KEYRING_CONTROL',
  ])
    if (!(name in extra)) delete env[name];
  return env;
}

export interface SecretServiceSession {
  /** The private temp folder (HOME of the session). */
  readonly root: string;
  /** For processes that join the session. */
  readonly env: NodeJS.ProcessEnv;
  /** Locks the `login` collection through the Secret Service API. */
  lock(): Promise<void>;
  /**
   * Unlocks the `login` keyring by starting gnome-keyring again, as a new login does: the running
   * daemon is stopped and a new one unlocks the keyring with its password (`--unlock`, on stdin).
   * (`--replace` races the old daemon for the bus name.) Resolves once `service`/`account` can
   * be read again.
   */
  restartUnlocked(service: string, account: string): Promise<void>;
  /** `secret-tool search --all service <service>`: what libsecret sees (stdout and stderr). */
  search(service: string): Promise<string>;
  /** `secret-tool lookup service <service> username <account>`: the stored value, if any. */
  lookup(service: string, account: string): Promise<string | undefined>;
  /** `secret-tool store`: puts `value` under `service`/`account` as another program could. */
  store(service: string, account: string, value: string): Promise<void>;
  /** Ends the session: gnome-keyring, then the bus. Removes the temp folder. */
  close(): Promise<void>;
}

/**
 * Starts gnome-keyring (secrets component only) on a new session bus. `unlocked` (the default)
 * creates and unlocks a `login` keyring; otherwise the daemon starts with no keyring unlocked, so
 * storing anything needs a prompt, which fails.
 */
export async function startSecretService(
  options: { unlocked?: boolean } = {},
): Promise<SecretServiceSession> {
  const unlocked = options.unlocked ?? true;
  const root = await mkdtemp(join(tmpdir(), 'tokendock-keyring-'));
  const baseEnv = await isolatedEnv(root);
  const daemon = unlocked
    ? `printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &`
    : 'gnome-keyring-daemon --foreground --components=secrets >/dev/null </dev/null &';
  const script = `${daemon}
KEYRING=$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
  i=$((i+1)); if [ $i -gt 200 ]; then echo "NO-SECRET-SERVICE"; kill $KEYRING; exit 3; fi; sleep 0.05
done
echo "KEYRING_PID=$KEYRING"
echo "BUS=$DBUS_SESSION_BUS_ADDRESS"
cat >/dev/null
kill $KEYRING
wait $KEYRING
`;
  const session = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { ...baseEnv, KEYRING_PASSWORD },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  session.stderr.setEncoding('utf8');
  session.stderr.on('data', (chunk: string) => (stderr += chunk));
  let out = '';
  const bus = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no Secret Service after 15 s: ${stderr}`)),
      15_000,
    );
    session.stdout.setEncoding('utf8');
    session.stdout.on('data', (chunk: string) => {
      out += chunk;
      const found = /^BUS=(.+)$/m.exec(out);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1]);
      } else if (out.includes('NO-SECRET-SERVICE')) {
        clearTimeout(timer);
        reject(new Error(`gnome-keyring did not start: ${stderr}`));
      }
    });
    session.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-run-session exited (${code}): ${stderr}`));
    });
  });
  const firstDaemon = Number(/^KEYRING_PID=(\d+)$/m.exec(out)?.[1]);
  const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: bus };
  const tool = (file: string, args: string[]) => runTool(file, args, env);
  const replacements: ChildProcess[] = [];
  const secretServiceOnBus = async (): Promise<boolean> => {
    const result = await tool('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ]);
    return /boolean true/.test(result.stdout);
  };
  const lookup = async (service: string, account: string): Promise<string | undefined> => {
    const result = await tool('secret-tool', ['lookup', 'service', service, 'username', account]);
    return result.code === 0 ? result.stdout : undefined;
  };
  return {
    root,
    env,
    async restartUnlocked(service, account) {
      process.kill(firstDaemon, 'SIGTERM');
      const gone = performance.now() + 10_000;
      while (await secretServiceOnBus()) {
        if (performance.now() > gone) throw new Error('gnome-keyring did not stop in 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const daemon = spawn(
        'gnome-keyring-daemon',
        ['--foreground', '--unlock', '--components=secrets'],
        { env, stdio: ['pipe', 'ignore', 'pipe'] },
      );
      replacements.push(daemon);
      let said = '';
      daemon.stderr.setEncoding('utf8');
      daemon.stderr.on('data', (chunk: string) => (said += chunk));
      daemon.stdin.on('error', () => undefined); // it may end before reading (EPIPE)
      daemon.stdin.end(KEYRING_PASSWORD);
      const deadline = performance.now() + 10_000;
      while ((await lookup(service, account)) === undefined) {
        if (performance.now() > deadline)
          throw new Error(`the keyring did not unlock in 10 s: ${said}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async lock() {
      await tool('dbus-send', [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.secrets',
        '/org/freedesktop/secrets',
        'org.freedesktop.Secret.Service.Lock',
        'array:objpath:/org/freedesktop/secrets/collection/login',
      ]);
    },
    async search(service) {
      const result = await tool('secret-tool', ['search', '--all', 'service', service]);
      return `${result.stdout}${result.stderr}`;
    },
    lookup,
    async store(service, account, value) {
      const result = await runTool(
        'secret-tool',
        ['store', '--label=test', 'service', service, 'username', account],
        env,
        value,
      );
      if (result.code !== 0) throw new Error(`secret-tool store failed: ${result.stderr}`);
    },
    async close() {
      for (const daemon of replacements) if (daemon.exitCode === null) daemon.kill('SIGTERM');
      await endSession(session);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function endSession(session: ChildProcess): Promise<void> {
  if (session.exitCode !== null || session.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => session.once('exit', () => resolve()));
  session.stdin?.on('error', () => undefined); // already gone: EPIPE is no news
  session.stdin?.end(); // `cat` ends, gnome-keyring is stopped, dbus-run-session ends the bus
  const timer = setTimeout(() => session.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runTool(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env, timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
    // A tool may end before it reads its input (EPIPE): its exit code says how it went.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** What `test/support/keyring-child.ts` prints. */
export interface KeyringChildReport {
  /** `seal-retry`: what the first attempt threw, and how many attempts it took. */
  firstError?: { name: string; message: string };
  attempts?: number;
  isProtected: boolean;
  backend: string;
  /** Milliseconds `openKeyringCipher` took. */
  openMs: number;
  sealed?: string;
  opened?: string;
  files?: string[];
  problems?: unknown[];
  error?: { name: string; message: string };
  log: string[];
}

/**
 * Runs `test/support/keyring-child.ts` with `args` in `env` (a session's, or one with no bus)
 * and parses its one JSON line. Rejects when it prints none.
 */
export function runKeyringChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<KeyringChildReport & { wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', './scripts/register-ts.mjs', 'test/support/keyring-child.ts', ...args],
      { cwd: projectRoot, env, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          const report = JSON.parse(line) as KeyringChildReport;
          resolve({ ...report, wallMs: Math.round(performance.now() - started) });
        } catch {
          reject(
            new Error(
              `keyring-child ${args[0]} printed no report (${String(error)}): ${stdout} ${stderr}`,
            ),
          );
        }
      },
    );
  });
}

/**
 * Starts `test/support/keyring-child.ts seal-retry …`, which prints `{"waiting":true}` after its
 * first attempt and goes on when `go()` writes a line to it; `report` is its last line.
 */
export function startRetryingChild(
  args: string[],
  env: NodeJS.ProcessEnv,
): { waiting: Promise<void>; go: () => void; report: Promise<KeyringChildReport> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      './scripts/register-ts.mjs',
      'test/support/keyring-child.ts',
      'seal-retry',
      ...args,
    ],
    { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const waiting = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('"waiting":true')) resolve();
    });
    child.once('exit', () =>
      reject(new Error(`seal-retry ended before waiting: ${stdout} ${stderr}`)),
    );
  });
  const report = new Promise<KeyringChildReport>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as KeyringChildReport);
      } catch {
        reject(new Error(`seal-retry printed no report: ${stdout} ${stderr}`));
      }
    });
  });
  // The caller may never await `waiting` when the child fails early.
  waiting.catch(() => undefined);
  child.stdin.on('error', () => undefined); // a child that already ended: its report says why
  return { waiting, go: () => child.stdin.end('go\n'), report };
}
