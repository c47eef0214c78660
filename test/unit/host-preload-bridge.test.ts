import { describe, expect, it } from 'vitest';
import { PUSH_CHANNELS } from '../../app/contract/channels';
import { CHANNELS } from '../../app/contract/schemas';
import { createBridge, type IpcRendererLike } from '../../app/host/preload-bridge';

function fakeIpc() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload]);
      return { ok: true, value: null };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'electron event' }, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('createBridge (window.tokendock)', () => {
  const allow = { channels: CHANNELS, pushChannels: PUSH_CHANNELS };

  it('forwards the contract’s channels', async () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, allow);
    await bridge.invoke('accounts:list', {});
    await bridge.invoke('tokens:copy', { accountId: 'a', targetId: 't', format: 'raw' });
    expect(f.invoked).toEqual([
      ['accounts:list', {}],
      ['tokens:copy', { accountId: 'a', targetId: 't', format: 'raw' }],
    ]);
  });

  it('refuses anything outside the allowlist without sending it', async () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, allow) as unknown as {
      invoke(channel: unknown, payload: unknown): Promise<unknown>;
      on(channel: unknown, listener: unknown): unknown;
    };
    for (const channel of ['ELECTRON_BROWSER_REQUIRE', 'tokens:steal', '', 42, '__proto__'])
      await expect(bridge.invoke(channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    expect(f.invoked).toEqual([]);
    expect(() => bridge.on('ELECTRON_BROWSER_WINDOW', () => undefined)).toThrow();
    expect(() => bridge.on('engine:event', 'not a function')).toThrow();
    expect(f.listeners.size).toBe(0);
  });

  it('push listeners get the payload only, and can unsubscribe', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, allow);
    const seen: unknown[] = [];
    const off = bridge.on('engine:event', (event) => seen.push(event));
    f.emit('engine:event', { type: 'account-added', accountId: 'a1' });
    off();
    f.emit('engine:event', { type: 'account-removed', accountId: 'a1' });
    expect(seen).toEqual([{ type: 'account-added', accountId: 'a1' }]);
  });
});
