import { request, type Context } from '../context';
import { parseCommand, usage } from '../parse';

/**
 * `tokendock sign-in ACCOUNT`: the host's own sign-in. The device code prompt (RFC 8628 §3.3) and
 * progress go to stderr; waits for the result. Ctrl+C closes the connection, which cancels it.
 */
export async function signIn(context: Context, args: string[]): Promise<number> {
  const { positionals } = parseCommand('sign-in', args, {}, 1);
  if (positionals[0] === undefined) throw usage('sign-in', 'Name the ACCOUNT.');
  const err = context.output.err;
  const account = await request(context, 'sign-in', { account: positionals[0] }, (line) => {
    if (line.event === 'progress') err(`${line.step}\n`);
    else
      err(
        `${line.message}\n  Open: ${line.verificationUri}\n` +
          `  Code: ${line.userCode} (valid until ${new Date(line.expiresOn).toISOString()})\n` +
          (line.verificationUriComplete
            ? `  Or open, with the code filled in: ${line.verificationUriComplete}\n`
            : ''),
      );
  });
  err(`Signed in ${account.name}${account.userId ? ` as ${account.userId}` : ''}.\n`);
  return 0;
}
