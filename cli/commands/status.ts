import { formatStatus } from '../account-format';
import { request, type Context } from '../context';
import { parseCommand } from '../parse';

/** `tokendock status [--json]`. */
export async function status(context: Context, args: string[]): Promise<number> {
  const { values } = parseCommand('status', args, { json: { type: 'boolean' } }, 0);
  const answer = await request(context, 'status', {});
  context.output.out(
    values.json ? `${JSON.stringify(answer, null, 2)}\n` : formatStatus(answer.accounts),
  );
  return 0;
}
