import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointLine } from '../../app/contract/endpoint';
import { startLocalEndpoint, type LocalEndpoint } from '../../app/endpoint';
import { startHarness, type Harness, type HarnessOptions } from './engine-harness';
import type { Fixture } from './sandbox-fixture';

/** A real engine on a temporary vault, with the local endpoint in a temporary data folder. */
export interface EndpointHost {
  harness: Harness;
  endpoint: LocalEndpoint;
  /** The host's data folder (the socket's folder). */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the engine (`startHarness`: vault, sandbox provider, wire watcher) and the endpoint in
 * `dataDir` (default `<temp>/data`), signing in as a host does: the engine's sign-in with the
 * endpoint's hooks.
 */
export async function startEndpointHost(
  fixture: Fixture,
  options: HarnessOptions & { enabled?: () => boolean; dataDir?: string } = {},
): Promise<EndpointHost> {
  const harness = await startHarness(fixture, options);
  const parent = await mkdtemp(join(tmpdir(), 'tokendock-endpoint-'));
  const dataDir = options.dataDir ?? join(parent, 'data');
  const endpoint = await startLocalEndpoint({
    directory: dataDir,
    engine: harness.engine,
    signIn: (accountId, hooks) => harness.engine.signIn(accountId, hooks),
    ...(options.enabled ? { enabled: options.enabled } : {}),
  });
  return {
    harness,
    endpoint,
    dataDir,
    close: async () => {
      await endpoint.close();
      await harness.close();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/** What came back on a raw connection: every line, parsed, and whether the server closed it. */
export interface RawAnswer {
  lines: EndpointLine[];
  closed: boolean;
}

/**
 * Sends `bytes` as they are on a new connection and reads until the server closes (or
 * `timeoutMs`): for requests the `tokendock` command would never send.
 */
export function rawRequest(
  path: string,
  bytes: string | Buffer,
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ lines: parse(text), closed: false });
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    // The server may close before it has read everything we write: not our concern here.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ lines: parse(text), closed: true });
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

function parse(text: string): EndpointLine[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as EndpointLine);
}

/** The result of running a command. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args` to its end, with `env` added to this process's environment. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onStderr?: (text: string) => void } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
