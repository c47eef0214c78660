import { formatList } from '../account-format';
import { request, type Context } from '../context';
import { parseCommand } from '../parse';

/** `tokendock list [--json]`. */
export async function list(context: Context, args: string[]): Promise<number> {
  const { values } = parseCommand('list', args, { json: { type: 'boolean' } }, 0);
  const accounts = await request(context, 'list', {});
  context.output.out(values.json ? `${JSON.stringify(accounts, null, 2)}\n` : formatList(accounts));
  return 0;
}
