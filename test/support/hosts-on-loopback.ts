import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fetch } from '../../app/ports';

/** One request as the server saw it: the https host it was meant for, its path and form body. */
export interface LoopbackRequest {
  host: string;
  path: string;
  method: string;
  body: URLSearchParams;
}

/**
 * A JSON server on 127.0.0.1 that plays several https hosts (login.microsoftonline.com,
 * contoso.b2clogin.com…) for the engine: `fetch` sends `https://<host><path>` to
 * `http://127.0.0.1:<port>/<host><path>`, and only for the hosts `serves` accepts. Every request
 * is recorded; `answer` gives each its status and JSON body (a throw is a 500).
 */
export async function startHostsOnLoopback(options: {
  serves: (url: URL) => boolean;
  answer: (request: LoopbackRequest) => Promise<{ status: number; body: unknown }>;
  name: string;
}): Promise<{
  fetch: Fetch;
  origin: string;
  requests: LoopbackRequest[];
  close(): Promise<void>;
}> {
  const requests: LoopbackRequest[] = [];
  const read = async (req: IncomingMessage): Promise<LoopbackRequest> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, host = '', ...rest] = url.pathname.split('/');
    return {
      host,
      path: `/${rest.join('/')}`,
      method: req.method ?? 'GET',
      body: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
    };
  };
  const server: Server = createServer((req, res) => {
    void read(req)
      .then((request) => {
        requests.push(request);
        return options.answer(request);
      })
      .then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetch: Fetch = async (input, init) => {
    const url = new URL(input instanceof URL ? input.href : input);
    if (url.protocol !== 'https:' || !options.serves(url))
      throw new Error(`${options.name} serves no ${url.origin}`);
    return globalThis.fetch(`${origin}/${url.host}${url.pathname}${url.search}`, init);
  };
  return {
    fetch,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
