import type { Page } from 'playwright-core';
import type {
  Channel,
  Envelope,
  RequestOf,
  ResponseOf,
  TokenDockBridge,
} from '../../app/contract/channels';

type BridgeWindow = { tokendock: TokenDockBridge };

/**
 * Calls `window.tokendock.invoke(channel, request)` in the page, as the renderer does, and returns
 * the envelope the bridge resolved with.
 */
export function invokeInPage<C extends Channel>(
  page: Page,
  channel: C,
  request: RequestOf<C>,
): Promise<Envelope<ResponseOf<C>>> {
  return invokeRawInPage(page, channel, request) as Promise<Envelope<ResponseOf<C>>>;
}

/** Like `invokeInPage` without the contract's types: for sending what the contract forbids. */
export function invokeRawInPage(
  page: Page,
  channel: string,
  payload: unknown,
): Promise<Envelope<unknown>> {
  return page.evaluate(
    ([name, request]) =>
      (window as unknown as BridgeWindow).tokendock.invoke(name as Channel, request as never),
    [channel, payload] as const,
  );
}

/** Unwraps an ok envelope, or throws with the error's code and message. */
export function valueOf<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}
