import type { Envelope, TokenDockBridge } from '../app/contract/channels';
import { CHANNELS } from '../app/contract/schemas';
import { PUSH_CHANNELS } from '../app/contract/channels';

/** Where the page's bridge connects, and which channels it lets through. */
export interface BridgeClientConfig {
  /** The bridge's WebSocket path on the page's own origin (`/__bridge`). */
  socketPath: string;
  /** The session-storage key the per-start secret is kept under across reloads of the tab. */
  secretKey: string;
  channels: readonly string[];
  pushChannels: readonly string[];
}

/**
 * Runs IN THE PAGE (serialized with `Function.prototype.toString`, so it must be self-contained:
 * no imports, no helpers from outside its body). Installs `window.tokendock`, a `TokenDockBridge`
 * that forwards `invoke` over one WebSocket as `{id, channel, payload}` and resolves with the
 * `{id, envelope}` answer; `on` listens for `{push, payload}` messages. Calls made before the
 * socket is open are queued; when the socket closes, pending and later calls resolve with an
 * error envelope (errors are data, never thrown, as across Electron's IPC).
 *
 * The per-start secret comes in the URL's fragment (`#<secret>`), which browsers never send to
 * a server nor in a Referer: it is moved to session storage (so a reload of this tab still
 * works) and taken off the address bar. The host also sends `{host: 'clipboard', text}`: the
 * page writes it to the clipboard (the host has none of its own).
 */
export function installBridge(config: BridgeClientConfig): void {
  type Resolve = (envelope: Envelope<unknown>) => void;
  const failure = (code: 'invalid_request' | 'network', message: string): Envelope<never> => ({
    ok: false,
    error: { code, message },
  });
  const pending = new Map<number, Resolve>();
  const queued: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closed = false;
  const fromFragment = decodeURIComponent(location.hash.slice(1));
  if (fromFragment) {
    sessionStorage.setItem(config.secretKey, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const secret = sessionStorage.getItem(config.secretKey) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(
    `${scheme}//${location.host}${config.socketPath}?secret=${encodeURIComponent(secret)}`,
  );

  socket.addEventListener('open', () => {
    for (const text of queued.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let message: {
      id?: unknown;
      envelope?: unknown;
      push?: unknown;
      payload?: unknown;
      host?: unknown;
      text?: unknown;
    };
    try {
      message = JSON.parse(event.data) as typeof message;
    } catch {
      return;
    }
    if (message.host === 'clipboard' && typeof message.text === 'string') {
      navigator.clipboard.writeText(message.text).catch((error: unknown) => {
        console.error('tokendock bridge: the clipboard refused the token', error);
      });
    } else if (typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.envelope as Envelope<unknown>);
    } else if (typeof message.push === 'string') {
      for (const listener of [...(listeners.get(message.push) ?? [])]) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error('tokendock bridge: a push listener threw', error);
        }
      }
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    queued.length = 0;
    for (const resolve of pending.values()) {
      resolve(
        failure('network', 'TokenDock is no longer running: start it again and reload this page.'),
      );
    }
    pending.clear();
  });

  const invoke = (channel: string, request: unknown): Promise<Envelope<unknown>> => {
    if (!config.channels.includes(channel)) {
      return Promise.resolve(
        failure('invalid_request', `Unknown channel ${JSON.stringify(String(channel))}.`),
      );
    }
    if (closed) {
      return Promise.resolve(
        failure('network', 'TokenDock is no longer running: start it again and reload this page.'),
      );
    }
    return new Promise((resolve) => {
      const id = nextId;
      nextId += 1;
      pending.set(id, resolve);
      const text = JSON.stringify({ id, channel, payload: request });
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queued.push(text);
    });
  };

  const on = (channel: string, listener: (payload: unknown) => void): (() => void) => {
    if (!config.pushChannels.includes(channel)) {
      throw new TypeError(`Unknown push channel ${JSON.stringify(String(channel))}.`);
    }
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(listener);
    return () => void listeners.get(channel)?.delete(listener);
  };

  const bridge = Object.freeze({ invoke, on }) as unknown as TokenDockBridge;
  Object.defineProperty(window, 'tokendock', { value: bridge, enumerable: true });
}

/**
 * The JavaScript served as `/__tokendock-bridge.js`: `installBridge` and its configuration. It
 * carries no secret: anyone who can reach the port can read it.
 */
export function bridgeScript(socketPath: string): string {
  const config: BridgeClientConfig = {
    socketPath,
    secretKey: 'tokendock-bridge-secret',
    channels: CHANNELS,
    pushChannels: PUSH_CHANNELS,
  };
  // Transpilers that keep function names (esbuild's keepNames, as under tsx) wrap arrow
  // functions in calls to a `__name` helper that the page does not have: give it one.
  return [
    `'use strict';`,
    `(() => {`,
    `  const __name = (target) => target;`,
    `  (${installBridge.toString()})(${JSON.stringify(config)});`,
    `})();`,
    '',
  ].join('\n');
}
