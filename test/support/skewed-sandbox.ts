import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions, SandboxProvider } from '../../app/sandbox';

/** The sandbox provider in a child process whose clock runs `shiftMs` off this one's. */
export type SkewedSandbox = Pick<
  SandboxProvider,
  'issuer' | 'port' | 'tenantId' | 'users' | 'clients' | 'resources' | 'jwksUri'
> & {
  /** Moves the provider's clock to `shiftMs` off the real time (positive: ahead). */
  shiftClock(shiftMs: number): Promise<void>;
  close(): Promise<void>;
};

const registerTs = fileURLToPath(new URL('../../scripts/register-ts.mjs', import.meta.url));
const entry = fileURLToPath(new URL('./skewed-sandbox-process.ts', import.meta.url));

/**
 * Starts the sandbox in a child process with `Date` shifted by `shiftMs` there (see
 * `shifted-clock.ts`): oidc-provider checks client assertions and stamps tokens and its `Date`
 * header with the shifted time, as a provider whose clock is off would.
 */
export async function startSkewedSandbox(
  shiftMs: number,
  options: SandboxOptions = {},
): Promise<SkewedSandbox> {
  const child = fork(entry, [], {
    execArgv: ['--import', registerTs],
    env: {
      ...process.env,
      TOKENDOCK_SANDBOX_SHIFT_MS: String(shiftMs),
      TOKENDOCK_SANDBOX_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await reply<{ sandbox: SkewedSandbox }>(child, 'ready');
    return {
      ...ready.sandbox,
      async shiftClock(next) {
        child.send({ type: 'shift', shiftMs: next });
        await reply(child, 'shifted');
      },
      async close() {
        if (child.connected) child.disconnect();
        const timer = setTimeout(() => child.kill(), 5_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** The child's next message of `type`; rejects when it exits first. */
function reply<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the skewed sandbox exited (code ${String(code)}) before "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
