import { constants } from 'node:os';
import { type Context } from '../context';
import { parseCommand, TARGET_OPTIONS, usage } from '../parse';
import { DEFAULT_ENV_NAME, isEnvName } from '../token-format';
import { fetchToken } from './token';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `tokendock exec ACCOUNT [--env NAME] [--min-validity S] -- COMMAND…`: runs COMMAND with the
 * token in `NAME` (default TOKENDOCK_TOKEN). Resolves with COMMAND's exit code; when a signal
 * ended it, `'signal'` after raising the same signal here (so the shell sees what it would have).
 */
export async function exec(context: Context, args: string[]): Promise<number> {
  const split = args.indexOf('--');
  if (split === -1) throw usage('exec', 'Put the command after "--".');
  const command = args.slice(split + 1);
  if (command.length === 0) throw usage('exec', 'Name the command to run after "--".');
  const { values, positionals } = parseCommand(
    'exec',
    args.slice(0, split),
    { ...TARGET_OPTIONS, env: { type: 'string' } },
    1,
  );
  if (positionals[0] === undefined) throw usage('exec', 'Name the ACCOUNT.');
  const envName = values.env ?? DEFAULT_ENV_NAME;
  if (!isEnvName(envName)) throw usage('exec', `"${envName}" is not a variable name.`);
  const got = await fetchToken(context, 'exec', positionals[0], values);
  return run(context, command, { ...process.env, [envName]: got.accessToken });
}

async function run(context: Context, command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here, not at start: every other command starts faster without it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const detach = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      detach();
      context.output.err(`tokendock: cannot run ${command[0]}: ${error.message}\n`);
      // As shells say it: 127 not found, 126 found but not runnable.
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      detach();
      if (signal) {
        // Die of the same signal; where that does not end the process, the shell's 128 + n.
        process.kill(process.pid, signal);
        resolve(128 + (constants.signals[signal] ?? 0));
        return;
      }
      resolve(code ?? 1);
    });
  });
}
