import { candidateSockets } from '../app/endpoint/socket-path';
import { exec } from './commands/exec';
import { kubectl } from './commands/kubectl';
import { list } from './commands/list';
import { refresh } from './commands/refresh';
import { serve } from './commands/serve';
import { signIn } from './commands/sign-in';
import { status } from './commands/status';
import { token } from './commands/token';
import type { CliCommand } from '../app/contract/cli-commands';
import type { Context } from './context';
import { EXIT } from './exit-codes';
import { CommandFailure } from './failure';
import { HELP } from './help';
import type { Output } from './output';
import { usage } from './parse';
import { version } from './version';

type Command = (context: Context, args: string[]) => Promise<number | undefined>;

/** Every command of app/contract/cli-commands.ts (which the desktop binary also answers). */
const COMMANDS: Record<Exclude<CliCommand, 'help'>, Command> = {
  list,
  token,
  exec,
  kubectl,
  refresh,
  'sign-in': signIn,
  status,
  serve,
};

/**
 * Runs `tokendock <argv>`. Resolves the exit code, or `undefined` when the process should go on
 * (the headless host). Messages go to `output.err`; only what was asked for to `output.out`.
 */
export async function run(
  argv: string[],
  output: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? args[0] : undefined;
      const text = `${HELP[topic && Object.hasOwn(HELP, topic) ? topic : 'main']}\n`;
      // Asked for: stdout; no command at all is a usage error: stderr.
      if (name === undefined) output.err(text);
      else output.out(text);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      output.out(`${version()}\n`);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name)
      ? COMMANDS[name as keyof typeof COMMANDS]
      : undefined;
    if (!command) throw usage('', `Unknown command "${name}".`);
    // --help before "--" (after it, the words are exec's command's); serve has its own.
    const end = name === 'exec' ? args.indexOf('--') : -1;
    const own = end === -1 ? args : args.slice(0, end);
    if (name !== 'serve' && (own.includes('--help') || own.includes('-h'))) {
      output.out(`${HELP[name]}\n`);
      return EXIT.ok;
    }
    return await command({ paths: candidateSockets(env), output }, args);
  } catch (error) {
    if (error instanceof CommandFailure) {
      output.err(`tokendock: ${error.message}\n`);
      return error.exitCode;
    }
    output.err(`tokendock: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
