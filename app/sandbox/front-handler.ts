import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';

import type { FaultSwitchboard } from './faults';
import type { InteractionRoutes } from './interaction-routes';
import { matchInteractionRoute } from './interaction-routes';
import { BodyTooLargeError, readBody, replayRequest } from './request-body';
import type { TokenRequestRecord } from './types';

export interface FrontHandlerParts {
  /** oidc-provider's Koa request listener. */
  provider: (req: IncomingMessage, res: ServerResponse) => void;
  interactions: InteractionRoutes;
  faults: FaultSwitchboard;
  tokenRequests: TokenRequestRecord[];
  tokenPath: string;
  onError: (error: unknown) => void;
}

export interface FrontHandler {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Cancels pending `slow` fault delays (their connections are closed by the server). */
  cancelDelays(): void;
}

/** The client a token request is from: `client_id`, Basic auth, or the assertion's `sub`. */
function clientIdOf(req: IncomingMessage, form: URLSearchParams | undefined): string | undefined {
  const fromBody = form?.get('client_id');
  if (fromBody) return fromBody;
  const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() === 'basic' && credentials) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      if (colon > 0) return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, '%20'));
    } catch {
      return undefined;
    }
  }
  const assertion = form?.get('client_assertion');
  if (assertion) {
    try {
      const { sub } = decodeJwt(assertion);
      return sub;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isForm(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function hasBody(req: IncomingMessage): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
}

/**
 * The sandbox's `node:http` listener, in front of oidc-provider. In order: reads the body of
 * token requests (and of requests a fault watches) so it can record them and see `grant_type`;
 * applies an armed fault; serves the sign-in and consent pages; hands everything else to
 * oidc-provider with the body replayed untouched.
 */
export function createFrontHandler(parts: FrontHandlerParts): FrontHandler {
  const delays = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isToken = pathname === parts.tokenPath && req.method === 'POST';

    let body: Buffer | undefined;
    if (hasBody(req) && (isToken || parts.faults.watches(pathname))) {
      try {
        body = await readBody(req);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: error.message }));
        return;
      }
    }
    const form = body && isForm(req) ? new URLSearchParams(body.toString('utf8')) : undefined;
    const grantType = form?.get('grant_type') ?? '';

    const fault = parts.faults.take(pathname, grantType);
    if (isToken) {
      const record: TokenRequestRecord = { at: Date.now(), grantType };
      const clientId = clientIdOf(req, form);
      if (clientId !== undefined) record.clientId = clientId;
      if (fault) record.fault = fault.fault;
      parts.tokenRequests.push(record);
    }
    if (fault?.kind === 'respond') {
      if (!body) req.resume();
      fault.write(res);
      return;
    }
    if (fault?.kind === 'delay') await delay(fault.delayMs);

    const forwarded = body ? replayRequest(req, body) : req;
    const interaction = matchInteractionRoute(pathname);
    if (interaction) {
      await parts.interactions.handle(interaction, forwarded, res);
      return;
    }
    parts.provider(forwarded, res);
  }

  return {
    listener(req, res) {
      handle(req, res).catch((error: unknown) => {
        parts.onError(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: 'server_error', error_description: 'sandbox error' }));
        } else {
          res.destroy();
        }
      });
    },
    cancelDelays() {
      delays.forEach((timer) => clearTimeout(timer));
      delays.clear();
    },
  };
}
