import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT } from './exit-codes';
import { CommandFailure } from './failure';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every command takes. */
const COMMON: Options = { help: { type: 'boolean', short: 'h' } };

/** The options of the commands that name a target. */
export const TARGET_OPTIONS = {
  target: { type: 'string' },
  scope: { type: 'string', multiple: true },
  resource: { type: 'string' },
  'min-validity': { type: 'string' },
} as const satisfies Options;

/**
 * A command's arguments, strictly (an unknown option or a missing value is a usage error, exit 2),
 * with at most `maxPositionals` positionals.
 */
export function parseCommand<O extends Options>(
  command: string,
  args: string[],
  options: O,
  maxPositionals: number,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...COMMON, ...options } as O & typeof COMMON,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usage(command, (error as Error).message);
  }
  if (parsed.positionals.length > maxPositionals)
    throw usage(command, `Unexpected argument "${parsed.positionals[maxPositionals]}".`);
  return parsed;
}

/** A usage error that points at the command's help. */
export function usage(command: string, message: string): CommandFailure {
  const help = command ? `tokendock ${command} --help` : 'tokendock --help';
  return new CommandFailure(EXIT.usage, `${message}\nSee: ${help}`);
}

/** `--min-validity`: whole seconds, 0 to one day. */
export function minValidity(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 86_400)
    throw usage(command, `--min-validity takes whole seconds from 0 to 86400, not "${value}".`);
  return Number(value);
}

/** What `--target`, `--scope` and `--resource` ask for (one of them at most). */
export function targetChoice(
  command: string,
  values: { target?: string; scope?: string[]; resource?: string },
): { target?: string; scopes?: string[]; resource?: string } {
  const scopes = values.scope?.flatMap((s) => s.split(/\s+/)).filter((s) => s.length > 0);
  if (values.target !== undefined && (scopes || values.resource !== undefined))
    throw usage(command, 'Give --target, or --scope/--resource, not both.');
  if (values.scope && !scopes?.length) throw usage(command, '--scope needs at least one scope.');
  return {
    ...(values.target !== undefined ? { target: values.target } : {}),
    ...(scopes?.length ? { scopes } : {}),
    ...(values.resource !== undefined ? { resource: values.resource } : {}),
  };
}
