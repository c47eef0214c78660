import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Envelope, PushChannel, PushMap } from '../app/contract/channels';

/** The WebSocket path of the bridge. */
export const BRIDGE_SOCKET_PATH = '/__bridge';

/** Largest message the page may send (bytes); a PEM pair fits many times over. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What answers one call: the shared `Dispatcher.dispatch`. */
export type Dispatch = (channel: unknown, payload: unknown) => Promise<Envelope<unknown>>;

/** The server side of the bridge. */
export interface BridgeSocket {
  /** Give it the HTTP server's `upgrade` events. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends `{push, payload}` to every connected page. */
  push<P extends PushChannel>(channel: P, payload: PushMap[P]): void;
  /** Sends a message for the bridge script itself (not the app) to every page; how many got it. */
  toBridge(message: { host: 'clipboard'; text: string }): number;
  /** The pages connected now. */
  readonly clients: number;
  close(): Promise<void>;
}

/**
 * The bridge's WebSocket endpoint: accepts an upgrade only at `/__bridge` with the per-start
 * `secret` in the query and, when the request has an Origin, only the host's own origin
 * (`http://127.0.0.1:<port>`); anything else gets a plain 403 and the socket is destroyed.
 * Each message must be JSON `{id, channel, payload}` with a non-negative integer `id`; the answer
 * is `{id, envelope}` from `dispatch`. A message that is not of that shape closes the socket with
 * 1008 (policy violation), since there is no `id` to answer to.
 */
export function createBridgeSocket(options: {
  secret: string;
  origin: () => string;
  dispatch: Dispatch;
}): BridgeSocket {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const expected = Buffer.from(options.secret);

  const refuse = (socket: Duplex, status: string) => {
    // Destroyed once written: destroying at once could drop the answer unsent.
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
      socket.destroy(),
    );
  };

  const accepts = (request: IncomingMessage): boolean => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_SOCKET_PATH) return false;
    const given = Buffer.from(url.searchParams.get('secret') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const origin = request.headers.origin;
    return origin === undefined || origin === options.origin();
  };

  server.on('connection', (ws) => {
    // Protocol errors (a frame over the size cap, bad framing) come as 'error', which would end
    // the host if nobody listened: the page is closed and the host goes on.
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? undefined : parseCall(data);
      if (!message) {
        ws.close(1008, 'Malformed bridge message');
        return;
      }
      options
        .dispatch(message.channel, message.payload)
        .then((envelope) => {
          if (ws.readyState === WebSocket.OPEN)
            ws.send(JSON.stringify({ id: message.id, envelope }));
        })
        .catch(() => ws.terminate());
    });
  });

  return {
    handleUpgrade(request, socket, head) {
      // Node leaves an upgraded socket without an error listener: a peer that resets it while it
      // is refused must not end the host.
      socket.on('error', () => socket.destroy());
      if (!accepts(request)) {
        refuse(socket, '403 Forbidden');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    push(channel, payload) {
      const text = JSON.stringify({ push: channel, payload });
      for (const ws of server.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    toBridge(message) {
      const text = JSON.stringify(message);
      let sent = 0;
      for (const ws of server.clients)
        if (ws.readyState === WebSocket.OPEN) {
          ws.send(text);
          sent += 1;
        }
      return sent;
    },
    get clients() {
      return server.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => resolve());
      }),
  };
}

/**
 * `{id, channel, payload}` with a safe integer id and a string channel, or undefined. The channel
 * and payload are checked by the dispatcher (allowlist, then the channel's validator).
 */
function parseCall(data: RawData): { id: number; channel: string; payload: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawText(data));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { id, channel, payload } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return undefined;
  if (typeof channel !== 'string') return undefined;
  return { id, channel, payload };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
