import type { ErrorInfo } from '../../../app/contract/errors';
import type {
  Channel,
  PushChannel,
  PushMap,
  RequestOf,
  ResponseOf,
  TokenDockBridge,
} from '../../../app/contract/channels';

declare global {
  interface Window {
    /** Installed by the preload (or by the web test host) before the bundle runs. */
    tokendock?: TokenDockBridge;
  }
}

/** A failed call: the engine's `ErrorInfo`, as data. */
export class ApiError extends Error {
  constructor(
    readonly info: ErrorInfo,
    readonly channel: Channel,
  ) {
    super(info.message);
    this.name = 'ApiError';
  }

  get code(): ErrorInfo['code'] {
    return this.info.code;
  }
}

/** True when the host installed the bridge (the desktop app, the web test host). */
export function hasBridge(): boolean {
  return typeof window.tokendock?.invoke === 'function';
}

function bridge(): TokenDockBridge {
  const value = window.tokendock;
  if (!value) throw new Error('window.tokendock is not installed');
  return value;
}

/** Calls one channel; resolves with its value or throws an `ApiError` carrying the `ErrorInfo`. */
export async function call<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  let envelope;
  try {
    envelope = await bridge().invoke(channel, request);
  } catch (error) {
    throw new ApiError(
      {
        code: 'unexpected',
        message: `The call ${channel} did not reach the engine: ${error instanceof Error ? error.message : String(error)}`,
      },
      channel,
    );
  }
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error, channel);
}

/** Listens to one push channel; returns the unsubscribe function. */
export function listen<P extends PushChannel>(
  channel: P,
  listener: (payload: PushMap[P]) => void,
): () => void {
  return bridge().on(channel, listener);
}

/** The `ErrorInfo` of anything thrown by `call` (or something unexpected). */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return error.info;
  return {
    code: 'unexpected',
    message: error instanceof Error ? error.message : String(error),
  };
}
