import { chmodSync, statSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import {
  ENDPOINT_PAYLOAD_SCHEMAS,
  MAX_ENDPOINT_REQUEST_BYTES,
  endpointRequestSchema,
  type EndpointChannel,
  type EndpointEnvelope,
  type EndpointErrorInfo,
  type EndpointLine,
} from '../contract/endpoint';
import { toTokenDockError } from '../errors/translate';
import { silentLogger, type Logger } from '../ports';
import { prepareDataFolder } from './data-folder';
import type { EndpointEngine, EndpointSignIn } from './engine-port';
import { EndpointStartError } from './errors';
import { EndpointRefusal, endpointHandlers, type Answer, type Call } from './handlers';
import { describeCaller, identifyCaller, type Caller } from './peer';
import { readFirstLine } from './read-line';
import { endpointPath } from './socket-path';
import { clearStaleSocket } from './stale-socket';

/** What a host gives the local endpoint. */
export interface LocalEndpointOptions {
  /** The host's data folder; the socket is `<directory>/tokendock.sock` (see `socket-path.ts`). */
  directory: string;
  engine: EndpointEngine;
  /** The host's own sign-in for an account (see `EndpointSignIn`). */
  signIn: EndpointSignIn;
  logger?: Logger;
  /**
   * Asked on every connection; false refuses the request with `endpoint_disabled`. Default: the
   * engine's `localEndpoint` setting.
   */
  enabled?: () => boolean;
  /** How long a client has to send its request line; default 10 s. */
  requestTimeoutMs?: number;
}

/** A listening endpoint. */
export interface LocalEndpoint {
  /** The socket's path, or the Windows pipe's name. */
  path: string;
  /** Stops listening, cancels calls under way (sign-ins are aborted) and removes the socket. */
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** `sun_path` holds 108 bytes on Linux and 104 on macOS, the terminating NUL included (unix(7)). */
const MAX_SOCKET_PATH_BYTES: Partial<Record<NodeJS.Platform, number>> = { linux: 107, darwin: 103 };

/**
 * Starts the local endpoint the `tokendock` command talks to: a Unix domain socket in the host's
 * data folder (the folder 0700 and this user's alone, the socket 0600), or on Windows a named pipe
 * (`\\.\pipe\tokendock-<user>-<hash>`, Node's default pipe security: only its creator, the system
 * and administrators may write to it). A stale socket of a process that died is replaced; a live
 * one means another TokenDock is running and the start is refused.
 *
 * Protocol (see `app/contract/endpoint.ts`): one newline-delimited JSON request per connection,
 * at most 64 KiB; sign-in may first send progress lines; the last line is the `Envelope`. The
 * `localEndpoint` setting is read on every connection: off, each request is answered
 * `endpoint_disabled` (and logged) while the socket stays, so turning it on again needs no restart.
 * Every request, answered or refused, goes to the Activity log (`local-access`) with its caller.
 *
 * Rejects with `EndpointStartError` (`insecure_folder`, `already_running`, `not_a_socket`,
 * `path_too_long`) when it cannot start safely; the host goes on without it.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const logger = options.logger ?? silentLogger;
  const path = endpointPath(options.directory);
  const windows = process.platform === 'win32';
  if (!windows) {
    prepareDataFolder(options.directory);
    const limit = MAX_SOCKET_PATH_BYTES[process.platform] ?? 103;
    if (Buffer.byteLength(path) > limit)
      throw new EndpointStartError(
        'path_too_long',
        `The socket path ${path} is longer than ${limit} bytes; the local endpoint is not started.`,
      );
    await clearStaleSocket(path);
  }
  const connections = new Map<Socket, AbortController>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const controller = new AbortController();
    connections.set(socket, controller);
    socket.once('close', () => {
      controller.abort();
      connections.delete(socket);
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      logger.debug('endpoint: connection error', { code: error.code }),
    );
    void answer(socket, controller, options, logger).catch((error: unknown) => {
      logger.error('endpoint: unexpected failure', { error: String(error) });
      socket.destroy();
    });
  });
  await listen(server, path);
  let inode: number | undefined;
  if (!windows) {
    chmodSync(path, 0o600);
    inode = statSync(path).ino;
  }
  logger.info('endpoint: listening', { path });
  let closing: Promise<void> | undefined;
  return {
    path,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const [socket, controller] of connections) {
          controller.abort();
          socket.destroy();
        }
        // Remove the socket only if it is still ours (not one a later instance put there).
        if (inode !== undefined) {
          try {
            if (statSync(path).ino === inode) unlinkSync(path);
          } catch {
            // already gone
          }
        }
      })),
  };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new EndpointStartError(
              'already_running',
              `Another TokenDock process answers on ${path}; the local endpoint is not started.`,
            )
          : error,
      );
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Reads, checks and answers one request; refusals change nothing but the Activity log. */
async function answer(
  socket: Socket,
  controller: AbortController,
  options: LocalEndpointOptions,
  logger: Logger,
): Promise<void> {
  const engine = options.engine;
  const write = (line: EndpointLine) => {
    if (socket.writable) socket.write(`${JSON.stringify(line)}\n`);
  };
  // The last line, then the connection is closed whatever the client does (nothing more is read).
  const finish = (envelope: EndpointEnvelope<unknown>) => {
    if (socket.writable) socket.end(`${JSON.stringify({ envelope })}\n`, () => socket.destroy());
    else socket.destroy();
  };
  const log = (caller: Caller, text: string, account?: { id: string; name: string }) =>
    engine.recordActivity({
      kind: 'local-access',
      message: `${describeCaller(caller)} ${text}`,
      ...(account ? { accountId: account.id, accountName: account.name } : {}),
    });
  const refuse = (caller: Caller, error: EndpointErrorInfo, what = 'sent a request') => {
    log(caller, `${what}: refused (${error.code}): ${error.message}`);
    logger.info('endpoint: refused', { code: error.code, pid: caller.pid, check: caller.check });
    finish({ ok: false, error });
  };
  const invalid = (message: string): EndpointErrorInfo => ({ code: 'invalid_request', message });

  const first = await readFirstLine(socket, {
    maxBytes: MAX_ENDPOINT_REQUEST_BYTES,
    timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  });
  const unknown: Caller = { check: 'unknown' };
  switch (first.kind) {
    case 'closed':
      socket.destroy();
      return;
    case 'timeout':
      return refuse(unknown, invalid('No request arrived in time.'));
    case 'too-large':
      return refuse(
        unknown,
        invalid(`The request is larger than ${MAX_ENDPOINT_REQUEST_BYTES / 1024} KiB.`),
      );
  }
  let json: unknown;
  try {
    json = JSON.parse(first.text);
  } catch {
    return refuse(unknown, invalid('The request is not JSON.'));
  }
  const request = endpointRequestSchema.safeParse(json);
  if (!request.success)
    return refuse(unknown, invalid(`Malformed request: ${issue(request.error)}`));
  const { channel, pid } = request.data;
  const caller = identifyCaller(pid);
  const asked = `asked for ${channel}`;
  if (!(options.enabled ?? (() => engine.getSettings().localEndpoint))())
    return refuse(
      caller,
      {
        code: 'endpoint_disabled',
        message: 'TokenDock does not answer the tokendock command: it is turned off in Settings.',
        hint: 'Turn on Settings › Command line › "Answer the tokendock command".',
      },
      asked,
    );
  if (caller.check === 'other-user')
    return refuse(
      caller,
      { code: 'forbidden', message: 'The calling process belongs to another user.' },
      asked,
    );
  const payload = ENDPOINT_PAYLOAD_SCHEMAS[channel].safeParse(request.data.payload);
  if (!payload.success)
    return refuse(caller, invalid(`Malformed ${channel} request: ${issue(payload.error)}`), asked);

  // Hanging up cancels what is under way (a sign-in); extra input is not read.
  socket.on('data', () => undefined);
  socket.once('end', () => controller.abort());
  socket.resume();
  const call: Call = { emit: write, signal: controller.signal };
  const handlers = endpointHandlers(engine, options.signIn);
  try {
    const run = handlers[channel] as (p: unknown, c: Call) => Promise<Answer<EndpointChannel>>;
    const result = await run(payload.data, call);
    log(caller, result.did, call.account);
    logger.info('endpoint: answered', { channel, pid: caller.pid, check: caller.check });
    finish({ ok: true, value: result.value });
  } catch (error) {
    const info: EndpointErrorInfo = {
      ...(error instanceof EndpointRefusal
        ? error.info
        : toTokenDockError(error, channel).toInfo()),
      ...(call.account ? { account: call.account } : {}),
    };
    log(caller, `${asked}: failed (${info.code}): ${info.message}`, call.account);
    logger.info('endpoint: failed', { channel, code: info.code, pid: caller.pid });
    finish({ ok: false, error: info });
  }
}

function issue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  const where = first?.path.length ? first.path.map(String).join('.') : 'request';
  return `${where}: ${first?.message ?? 'invalid'}.`;
}
