import type { ServerResponse } from 'node:http';

import type { FaultKind, FaultSpec, SandboxFaults } from './types';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface ArmedFault {
  kind: FaultKind;
  path: string;
  remaining: number;
  retryAfterSeconds: number;
  delayMs: number;
}

/** What the front handler must do with a request a fault matched. */
export type FaultAction =
  | { kind: 'respond'; fault: FaultKind; write: (res: ServerResponse) => void }
  | { kind: 'delay'; fault: FaultKind; delayMs: number };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return (res: ServerResponse) => {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
}

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>Bad Gateway</h1><p>The sandbox proxy could not reach the identity provider.</p></body>
</html>`;

const HTML_FORBIDDEN_PAGE = `<!DOCTYPE html>
<html><head><title>403 Forbidden</title></head>
<body><h1>Access denied</h1><p>The sandbox proxy's policy blocks this address.</p></body>
</html>`;

function actionFor(fault: ArmedFault): FaultAction {
  const description = `injected ${fault.kind} fault`;
  switch (fault.kind) {
    case 'status500':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(500, { error: 'server_error', error_description: description }),
      };
    case 'status429':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(
          429,
          { error: 'temporarily_unavailable', error_description: description },
          { 'Retry-After': String(fault.retryAfterSeconds) },
        ),
      };
    case 'html':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: (res) => {
          res.writeHead(502, { 'Content-Type': 'text/html; charset=utf-8' });
          res.end(HTML_ERROR_PAGE);
        },
      };
    case 'truncatedJson':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: (res) => {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end('{"access_token":"abc');
        },
      };
    case 'deviceSlowDown':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(400, {
          error: 'slow_down',
          error_description: 'polling too fast: add 5 seconds to the interval (RFC 8628 §3.5)',
        }),
      };
    case 'claimsChallenge':
      // The shape Entra answers a refresh with when Conditional Access now wants multi-factor
      // authentication (AADSTS50079, as in test/fixtures/entra/claims-field-responses.json).
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(400, {
          error: 'interaction_required',
          error_description: `AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource (${description}).`,
          error_codes: [50079],
          suberror: 'basic_action',
          claims: '{"access_token":{"capolids":{"essential":true,"values":["sandbox-policy"]}}}',
          error_uri: 'https://login.microsoftonline.com/error?code=50079',
        }),
      };
    case 'basic401json':
      // How providers that take client_secret_basic refuse a client (RFC 6749 §5.2): the scheme
      // in the header, the error in the body.
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(
          401,
          { error: 'invalid_client', error_description: description },
          { 'WWW-Authenticate': 'Basic realm="tokendock-sandbox", charset="UTF-8"' },
        ),
      };
    case 'empty401':
    case 'empty403':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: (res) => {
          res.writeHead(fault.kind === 'empty401' ? 401 : 403, {
            'Content-Length': '0',
            'Cache-Control': 'no-store',
          });
          res.end();
        },
      };
    case 'html403':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: (res) => {
          res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' });
          res.end(HTML_FORBIDDEN_PAGE);
        },
      };
    case 'oauth500':
      return {
        kind: 'respond',
        fault: fault.kind,
        write: json(500, { error: 'invalid_request', error_description: description }),
      };
    case 'slow':
      return { kind: 'delay', fault: fault.kind, delayMs: fault.delayMs };
  }
}

/**
 * Test switches that make the sandbox misbehave on purpose. A fault matches requests whose
 * pathname equals its `path`; `deviceSlowDown` only matches device-code token requests
 * (RFC 8628 §3.5 `slow_down`, which oidc-provider never sends by itself). The first armed fault
 * that matches is used and counts down; at zero it is gone.
 */
export class FaultSwitchboard implements SandboxFaults {
  private armed: ArmedFault[] = [];

  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError('times must be an integer >= 1');
    this.armed.push({
      kind: spec.kind,
      path: spec.path ?? '/token',
      remaining: times,
      retryAfterSeconds: spec.retryAfterSeconds ?? 2,
      delayMs: spec.delayMs ?? 5000,
    });
  }

  clear(): void {
    this.armed = [];
  }

  /** Whether any fault could match this path (so the caller knows to look at the body). */
  watches(pathname: string): boolean {
    return this.armed.some((fault) => fault.path === pathname);
  }

  /** Takes the fault for this request, if one matches. `grantType` is from the form body. */
  take(pathname: string, grantType: string | undefined): FaultAction | undefined {
    const index = this.armed.findIndex(
      (fault) =>
        fault.path === pathname &&
        (fault.kind !== 'deviceSlowDown' || grantType === DEVICE_CODE_GRANT),
    );
    const fault = this.armed[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.armed.splice(index, 1);
    return actionFor(fault);
  }
}
