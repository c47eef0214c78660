import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TOKENDOCK_BIN = fileURLToPath(new URL('../../bin/tokendock.mjs', import.meta.url));

/** Builds out/ once when what these tests run is missing (npm test builds it first). */
export function ensureBuilt(): void {
  const needed = ['out/serve/index.js', 'out/cli/tokendock.mjs', 'out/renderer/index.html'];
  if (needed.every((file) => existsSync(`${ROOT}${file}`))) return;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/**
 * An environment of a machine with no desktop, no keyring and no Electron: data folders under
 * `home`, no session bus, no display.
 */
export function headlessEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'TOKENDOCK_SOCKET', 'TOKENDOCK_USER_DATA'])
    delete env[name];
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${home}/no-bus`,
    ...extra,
  };
}

/** A child process with its output collected, and a wait for a line of it. */
export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process ends first). */
  waitFor(
    pattern: RegExp,
    timeoutMs?: number,
    stream?: 'stdout' | 'stderr',
  ): Promise<RegExpExecArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000, stream = 'stdout') =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stream === 'stdout' ? out : err);
          if (!match) return false;
          clearInterval(timer);
          resolve(match);
          return true;
        };
        const timer = setInterval(check, 50);
        void exited.then(() => {
          if (!check()) {
            clearInterval(timer);
            reject(new Error(`exited before ${pattern}: ${out}\n${err}`));
          }
        });
        setTimeout(() => {
          clearInterval(timer);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${out}\n${err}`));
        }, timeoutMs).unref();
      }),
  };
}

/** Runs the built `tokendock` command to its end. */
export function tokendock(
  args: string[],
  env: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TOKENDOCK_BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
