import { lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { EndpointStartError } from './errors';

/**
 * Clears the way for a socket at `path`: nothing there is fine; a socket nobody answers on (left
 * by a process that died) is removed; a socket that answers belongs to another running TokenDock
 * (refused: `already_running`); anything else is never deleted (`not_a_socket`).
 */
export async function clearStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket)
    throw new EndpointStartError(
      'not_a_socket',
      `${path} exists and is not a socket; the local endpoint is not started.`,
    );
  if (await answers(path))
    throw new EndpointStartError(
      'already_running',
      `Another TokenDock process answers on ${path}; the local endpoint is not started.`,
    );
  unlinkSync(path);
}

/** Whether a process accepts connections on the socket (ECONNREFUSED: the owner is gone). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(error);
    });
  });
}
