import type { Envelope } from '../contract/channels';
import { isTrustedSender, type IpcSender, type TrustedSender } from './ipc-sender';

/** The part of the dispatcher an IPC handler needs. */
export interface Dispatch {
  dispatch(channel: unknown, payload: unknown): Promise<Envelope<unknown>>;
}

/** The answer to a call from anyone but our window: the same shape as a malformed request's. */
export const FOREIGN_SENDER: Envelope<never> = {
  ok: false,
  error: { code: 'invalid_request', message: 'This call did not come from the TokenDock window.' },
};

/**
 * One IPC call: checks the sender first (our window, our origin), then hands the payload to the
 * dispatcher, which validates it against the contract before the engine sees it. `trusted` is
 * read on every call, so a recreated window is recognised. `onRejected` is told (for the log)
 * without the payload.
 */
export function createIpcHandler(
  dispatcher: Dispatch,
  trusted: () => TrustedSender | undefined,
  onRejected: (channel: string, sender: IpcSender) => void = () => undefined,
): (channel: string, sender: IpcSender, payload: unknown) => Promise<Envelope<unknown>> {
  return async (channel, sender, payload) => {
    if (!isTrustedSender(sender, trusted())) {
      onRejected(channel, sender);
      return FOREIGN_SENDER;
    }
    return dispatcher.dispatch(channel, payload);
  };
}
