import { request, type Context } from '../context';
import { parseCommand, usage } from '../parse';

/** `tokendock refresh ACCOUNT [--target NAME]`: refreshes now; says what it did on stderr. */
export async function refresh(context: Context, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('refresh', args, { target: { type: 'string' } }, 1);
  if (positionals[0] === undefined) throw usage('refresh', 'Name the ACCOUNT.');
  const account = await request(context, 'refresh', {
    account: positionals[0],
    ...(values.target !== undefined ? { target: values.target } : {}),
  });
  for (const t of account.targets) {
    const until =
      t.expiresOn === undefined ? '' : `, valid until ${new Date(t.expiresOn).toISOString()}`;
    context.output.err(`Refreshed ${account.name} · ${t.label}: ${t.state}${until}\n`);
  }
  return 0;
}
