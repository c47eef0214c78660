import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type AccountInput } from '../app/engine';
import type { Clipboard, Timers } from '../app/ports';
import { startSandbox, type SandboxOptions, type SandboxProvider } from '../app/sandbox';
import { AesGcmCipher, openVault } from '../app/vault';

/** Timers that count how often they fire, so the idle figure can say so. */
export function countingTimers(): Timers & { fired: number[]; armed: number } {
  const timers = {
    fired: [] as number[],
    armed: 0,
    setTimeout(callback: () => void, ms: number) {
      timers.armed += 1;
      return setTimeout(() => {
        timers.fired.push(Date.now());
        callback();
      }, ms);
    },
    clearTimeout(handle: unknown) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
  return timers;
}

/** The parts of a sandbox the bench uses, whether it runs in this process or another. */
export type SandboxInfo = Pick<SandboxProvider, 'issuer' | 'clients' | 'resources' | 'users'>;

/** Starts the sandbox provider in a child process (its CPU is then not counted as ours). */
export async function startSandboxProcess(
  ttlSeconds: number,
): Promise<SandboxInfo & { close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', './scripts/register-ts.mjs', 'bench/sandbox-child.ts', String(ttlSeconds)],
    {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.slice(0, buffer.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${String(code)})`)));
  });
  const info = JSON.parse(line) as SandboxInfo;
  return {
    ...info,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** A sandbox provider and an engine on a fresh vault, as the app would run them. */
export async function startWorld(
  options: SandboxOptions & { timers?: Timers; sandboxProcess?: boolean } = {},
) {
  const sandbox = options.sandboxProcess
    ? await startSandboxProcess(options.accessTokenTtlSeconds ?? 3600)
    : await startSandbox(options);
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-bench-'));
  const clipboard: Clipboard = { writeText: () => undefined, readText: () => '' };
  const vault = openVault({ directory, cipher: new AesGcmCipher() });
  const engine = new Engine({
    vault,
    fetch: globalThis.fetch,
    clipboard,
    notifier: { notify: () => undefined },
    sandboxIssuer: async () => sandbox.issuer,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  engine.start();
  return {
    sandbox,
    engine,
    directory,
    async close() {
      await engine.stop();
      await vault.close();
      await sandbox.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export function daemonInput(sandbox: SandboxInfo, name: string, targets = 1): AccountInput {
  const { api, downstream } = sandbox.resources;
  const resources = [api.identifier, downstream.identifier];
  return {
    name,
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: sandbox.clients.daemon.clientId,
    clientAuth: { kind: 'secret', method: 'client_secret_basic' },
    clientSecret: sandbox.clients.daemon.clientSecret,
    targets: resources
      .slice(0, targets)
      .map((resource, i) => ({ label: `T${i}`, target: { kind: 'resource' as const, resource } })),
  };
}

export function passwordInput(sandbox: SandboxInfo, name: string): AccountInput {
  return {
    name,
    authority: { kind: 'sandbox' },
    flow: 'password',
    clientId: sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    username: sandbox.users[0]!.username,
    targets: [
      {
        label: 'API',
        target: {
          kind: 'resource',
          resource: sandbox.resources.api.identifier,
          scopes: ['api.read'],
        },
      },
    ],
  };
}
