import type { Envelope, PushChannel, TokenDockBridge } from '../contract/channels';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * `window.tokendock`, built as an allowlist over the contract's channels (Electron security
 * checklist §20: never expose `ipcRenderer` itself). `invoke` refuses a channel outside the
 * list without sending anything; `on` refuses unknown push channels and hands the listener the
 * payload only (never Electron's event object, which carries the sender).
 */
export function createBridge(
  ipc: IpcRendererLike,
  allow: { channels: readonly string[]; pushChannels: readonly PushChannel[] },
): TokenDockBridge {
  const channels = new Set<string>(allow.channels);
  const pushChannels = new Set<string>(allow.pushChannels);
  const bridge = {
    invoke: (channel: string, request: unknown): Promise<Envelope<unknown>> => {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'invalid_request', message: 'Unknown channel.' },
        });
      }
      return ipc.invoke(channel, request) as Promise<Envelope<unknown>>;
    },
    on: (channel: string, listener: (payload: unknown) => void): (() => void) => {
      if (typeof channel !== 'string' || !pushChannels.has(channel))
        throw new Error('Unknown push channel.');
      if (typeof listener !== 'function') throw new Error('A listener must be a function.');
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
  return bridge as TokenDockBridge;
}
