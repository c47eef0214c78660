import type {
  EndpointChannel,
  EndpointErrorInfo,
  EndpointPayload,
  EndpointResponseMap,
} from '../app/contract/endpoint';
import { ask, BrokenAnswer, NotReachable, type ProgressLine } from './client';
import { EXIT, exitCodeFor } from './exit-codes';
import { CommandFailure } from './failure';
import type { Output } from './output';

/** What a command runs with. */
export interface Context {
  /** Where to look for a running TokenDock, in order (`candidateSockets`). */
  paths: string[];
  output: Output;
}

/**
 * Asks the running TokenDock; returns the value or throws a `CommandFailure` whose exit code is
 * decided by the error's code (never its text).
 */
export async function request<C extends EndpointChannel>(
  context: Context,
  channel: C,
  payload: EndpointPayload<C>,
  onLine?: (line: ProgressLine) => void,
): Promise<EndpointResponseMap[C]> {
  let envelope;
  try {
    envelope = await ask(context.paths, channel, payload, onLine);
  } catch (error) {
    if (error instanceof NotReachable) throw notReachable(error);
    if (error instanceof BrokenAnswer) throw new CommandFailure(EXIT.failed, error.message);
    throw error;
  }
  if (envelope.ok) return envelope.value;
  throw new CommandFailure(exitCodeFor(envelope.error.code), describe(envelope.error));
}

/** An error as people read it, with what to do next. */
function describe(error: EndpointErrorInfo): string {
  const lines = [error.message];
  const code = exitCodeFor(error.code);
  if (error.candidates?.length) {
    lines.push(error.code === 'ambiguous' ? 'Candidates:' : 'Accounts:');
    for (const c of error.candidates) lines.push(`  ${c.name}  (${c.id})`);
  }
  if (error.hint) lines.push(error.hint);
  if (code === EXIT.needsSignIn)
    lines.push(`Sign in with: tokendock sign-in ${shellWord(error.account?.name ?? 'ACCOUNT')}`);
  return lines.join('\n');
}

function notReachable(error: NotReachable): CommandFailure {
  const where = error.paths.join(', ');
  if (error.reason === 'denied')
    return new CommandFailure(
      EXIT.failed,
      `TokenDock's endpoint (${where}) cannot be opened by this user: permission denied. It belongs to another user.`,
    );
  return new CommandFailure(
    EXIT.notRunning,
    `TokenDock is not running (no endpoint at ${where}).\n` +
      'Start it: "npm start" in the TokenDock folder (the desktop app), or "tokendock serve" (no desktop).' +
      (process.env.TOKENDOCK_SOCKET
        ? '\nTOKENDOCK_SOCKET is set: only that endpoint was tried.'
        : ''),
  );
}

/** A name as a shell word: quoted when it has anything but letters, digits and `-_.@`. */
export function shellWord(name: string): string {
  return /^[\w.@-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`;
}
