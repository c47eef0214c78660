import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BridgeSocket } from './bridge-socket';
import {
  BRIDGE_SCRIPT_PATH,
  securityHeaders,
  serveRendererFile,
  type RendererIndex,
} from './renderer-files';

/** The listening HTTP server of the web host. */
export interface RendererServer {
  server: Server;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 at a random port and serves the renderer bundle: `/` and `/index.html`
 * with the bridge script tag, `/__tokendock-bridge.js`, the bundle's files, and the bridge's
 * WebSocket upgrades. A request whose Host is not this server's address is refused (no DNS
 * rebinding); only GET and HEAD are answered.
 */
export async function startRendererServer(options: {
  index: RendererIndex;
  /** The bridge script's text (`bridgeScript` of ./bridge-client). */
  bridgeScript: string;
  /** The port to listen on; 0 (the default) for a random free one. */
  port?: number;
  bridge: BridgeSocket;
}): Promise<RendererServer> {
  const headers = securityHeaders(options.index.csp);
  let origin = '';
  const script = options.bridgeScript;

  const server = createServer((request, response) => {
    if (request.headers.host !== new URL(origin).host) {
      response.writeHead(421, headers).end('Misdirected request');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end('Method not allowed');
      return;
    }
    const { pathname } = new URL(request.url ?? '/', origin);
    const send = (type: string, text: string) => {
      const body = Buffer.from(text);
      response.writeHead(200, {
        ...headers,
        'content-type': type,
        'content-length': String(body.length),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (pathname === '/' || pathname === '/index.html') {
      send('text/html; charset=utf-8', options.index.html);
    } else if (pathname === BRIDGE_SCRIPT_PATH) {
      send('text/javascript; charset=utf-8', script);
    } else {
      serveRendererFile(request, response, pathname, headers).catch(() => {
        if (!response.headersSent) response.writeHead(500, headers);
        response.end();
      });
    }
  });
  server.on('upgrade', (request, socket, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // see BridgeSocket.handleUpgrade
    if (request.headers.host !== new URL(origin).host) {
      // Destroyed once written: destroying at once could drop the answer unsent.
      socket.end(
        'HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        () => socket.destroy(),
      );
      return;
    }
    options.bridge.handleUpgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
