import type { AccountView } from './accounts';
import type { ErrorInfo } from './errors';
import type { SandboxDetails } from './sandbox';
import type { ActivityEntry, EngineEvent } from './events';
import type { Channel, RequestOf } from './schemas';
import type { Settings, StorageProtection } from './settings';
import type { DecodedToken, DeviceCodePrompt } from './tokens';

export type { Channel, RequestOf } from './schemas';

/** Whether the app has a tray icon the person can see; when not, why (the Settings view says it). */
export interface TrayStatus {
  available: boolean;
  /** Why there is none, and what closing the window does instead; for people. */
  reason?: string;
}

/** What each channel answers. */
export interface ResponseMap {
  /** `tray`: only from a host that has one to offer (the desktop app). */
  'app:info': {
    name: string;
    version: string;
    platform: string;
    tray?: TrayStatus;
    /** True where the host can register a global shortcut (the desktop app). */
    globalShortcut?: boolean;
  };
  'accounts:list': AccountView[];
  'accounts:add': AccountView;
  'accounts:update': AccountView;
  'accounts:rename': AccountView;
  'accounts:duplicate': AccountView;
  'accounts:remove': null;
  'accounts:sign-in': AccountView;
  'accounts:cancel-sign-in': null;
  'tokens:copy': { expiresOn: number };
  'tokens:refresh': null;
  'targets:set-curl-url': AccountView;
  'targets:curl-url-guess': { url?: string };
  'tokens:refresh-all': null;
  /** The only channel that carries a token: an explicit "reveal". */
  'tokens:reveal': { accessToken: string };
  'tokens:decode': DecodedToken;
  'settings:get': Settings;
  'settings:update': Settings;
  'storage:protection': StorageProtection;
  'activity:list': ActivityEntry[];
  'authority:check': { issuer: string; endpoints: string[] };
  'sandbox:details': SandboxDetails;
  'sandbox:try': {
    issuer: string;
    added: AccountView[];
    users: Array<{ username: string; password: string }>;
  };
  'device-code:open': null;
  'proxy-login:pending': ProxyLoginQuestion[];
  'proxy-login:answer': null;
}

export type ResponseOf<C extends Channel> = ResponseMap[C];

/**
 * A proxy's request for credentials, as the person is asked it. Nothing secret: the answer goes
 * back on `proxy-login:answer` and is never sent to the renderer again.
 */
export interface ProxyLoginQuestion {
  id: string;
  /** The proxy's host and port. */
  host: string;
  port: number;
  /** The authentication scheme the proxy asked for (`basic`, `digest`, `ntlm`, `negotiate`). */
  scheme: string;
  /** The proxy's realm (may be empty). */
  realm: string;
  /** When the question is withdrawn, and the waiting requests cancelled, if nobody answers (epoch ms). */
  expiresAt: number;
}

/** How every answer crosses the bridge: errors as data, never as thrown objects. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** What the host pushes to the renderer. */
export interface PushMap {
  'engine:event': EngineEvent;
  'sign-in:device-code': { accountId: string; prompt: DeviceCodePrompt };
  'sign-in:progress': { accountId: string; step: string };
  /** Every open proxy question, each time the list changes (asked, answered, timed out). */
  'proxy-login:questions': { questions: ProxyLoginQuestion[] };
  /**
   * Something to tell the person, shown in the window (a host that cannot show desktop
   * notifications, such as the browser host, sends the engine's here). With `accountId` the
   * notice leads to that account.
   */
  'app:notification': AppNotification;
  /** Open the quick switcher (the desktop app's global shortcut was pressed). */
  'app:open-switcher': Record<string, never>;
  /** The app was opened with a `tokendock://add?…` link: show the Add account form it fills. */
  'app:open-link': { url: string };
}
export type PushChannel = keyof PushMap;

/** A notice for the person: what happened (`title`), what to do (`body`), which account. */
export interface AppNotification {
  title: string;
  body: string;
  accountId?: string;
}

/** The bridge the preload (or the web test host) installs as `window.tokendock`. */
export interface TokenDockBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
  on<P extends PushChannel>(channel: P, listener: (payload: PushMap[P]) => void): () => void;
}

export const PUSH_CHANNELS = [
  'engine:event',
  'sign-in:device-code',
  'sign-in:progress',
  'proxy-login:questions',
  'app:notification',
  'app:open-switcher',
  'app:open-link',
] as const satisfies readonly PushChannel[];
