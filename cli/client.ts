import { connect, type Socket } from 'node:net';
import type {
  EndpointChannel,
  EndpointEnvelope,
  EndpointLine,
  EndpointPayload,
  EndpointRequest,
  EndpointResponseMap,
} from '../app/contract/endpoint';

/** Progress lines of a sign-in, as they arrive. */
export type ProgressLine = Exclude<EndpointLine, { envelope: unknown }>;

/** Why no answer came from any endpoint. */
export class NotReachable extends Error {
  constructor(
    /** `absent`: nothing listens (ENOENT, ECONNREFUSED); `denied`: not this user's socket. */
    readonly reason: 'absent' | 'denied',
    readonly paths: string[],
  ) {
    super(reason === 'absent' ? 'TokenDock is not running.' : 'Permission denied.');
    this.name = 'NotReachable';
  }
}

/** The host answered with something that is not the protocol (or hung up without answering). */
export class BrokenAnswer extends Error {
  override name = 'BrokenAnswer';
}

/**
 * Connects to the first endpoint in `paths` that accepts, sends one request and returns the final
 * envelope; progress lines go to `onLine`. Nothing listening at all: `NotReachable`.
 */
export async function ask<C extends EndpointChannel>(
  paths: readonly string[],
  channel: C,
  payload: EndpointPayload<C>,
  onLine: (line: ProgressLine) => void = () => undefined,
): Promise<EndpointEnvelope<EndpointResponseMap[C]>> {
  const socket = await connectFirst(paths);
  const request = { v: 1, channel, payload, pid: process.pid } as EndpointRequest;
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(error);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while (!done && (newline = buffered.indexOf('\n')) !== -1) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let line: EndpointLine;
        try {
          line = JSON.parse(text) as EndpointLine;
        } catch {
          return fail(new BrokenAnswer('TokenDock sent an answer that is not JSON.'));
        }
        if ('envelope' in line) {
          done = true;
          socket.destroy();
          return resolve(line.envelope as EndpointEnvelope<EndpointResponseMap[C]>);
        }
        onLine(line);
      }
    });
    socket.on('error', (error) => fail(new BrokenAnswer(`The connection broke: ${error.message}`)));
    socket.on('close', () => fail(new BrokenAnswer('TokenDock closed the connection unanswered.')));
    socket.write(`${JSON.stringify(request)}\n`);
  });
}

async function connectFirst(paths: readonly string[]): Promise<Socket> {
  let denied = false;
  for (const path of paths) {
    const result = await tryConnect(path);
    if ('socket' in result) return result.socket;
    if (result.code === 'EACCES' || result.code === 'EPERM') denied = true;
  }
  throw new NotReachable(denied ? 'denied' : 'absent', [...paths]);
}

function tryConnect(path: string): Promise<{ socket: Socket } | { code: string | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const onError = (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ code: error.code });
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve({ socket });
    });
  });
}
