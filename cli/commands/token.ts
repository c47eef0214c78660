import type { EndpointToken } from '../../app/contract/endpoint';
import { request, type Context } from '../context';
import { minValidity, parseCommand, targetChoice, TARGET_OPTIONS, usage } from '../parse';
import {
  DEFAULT_ENV_NAME,
  formatToken,
  isEnvName,
  TOKEN_FORMATS,
  type TokenFormat,
} from '../token-format';

/** Asks for a token as `token`, `exec` and `kubectl` name it. */
export function fetchToken(
  context: Context,
  command: string,
  account: string | undefined,
  values: { target?: string; scope?: string[]; resource?: string; 'min-validity'?: string },
): Promise<EndpointToken> {
  const seconds = minValidity(command, values['min-validity']);
  return request(context, 'token', {
    ...(account !== undefined ? { account } : {}),
    ...targetChoice(command, values),
    ...(seconds !== undefined ? { minValiditySeconds: seconds } : {}),
  });
}

/** `tokendock token [ACCOUNT] [--target|--scope|--resource] [--min-validity] [--format]`. */
export async function token(context: Context, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    'token',
    args,
    { ...TARGET_OPTIONS, format: { type: 'string' }, env: { type: 'string' } },
    1,
  );
  const format = (values.format ?? 'raw') as TokenFormat;
  if (!TOKEN_FORMATS.includes(format))
    throw usage('token', `--format is one of ${TOKEN_FORMATS.join(', ')}, not "${format}".`);
  const envName = values.env ?? DEFAULT_ENV_NAME;
  if (!isEnvName(envName)) throw usage('token', `"${envName}" is not a variable name.`);
  const got = await fetchToken(context, 'token', positionals[0], values);
  context.output.out(formatToken(got, format, envName));
  return 0;
}
