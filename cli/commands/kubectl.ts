import { type Context } from '../context';
import { parseCommand, TARGET_OPTIONS, usage } from '../parse';
import { execCredential } from '../token-format';
import { fetchToken } from './token';

/** `tokendock kubectl ACCOUNT`: a client.authentication.k8s.io/v1 ExecCredential. */
export async function kubectl(context: Context, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('kubectl', args, TARGET_OPTIONS, 1);
  if (positionals[0] === undefined) throw usage('kubectl', 'Name the ACCOUNT.');
  const got = await fetchToken(context, 'kubectl', positionals[0], values);
  context.output.out(execCredential(got));
  return 0;
}
