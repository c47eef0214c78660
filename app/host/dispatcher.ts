import type { AccountView } from '../contract/accounts';
import type { Envelope, PushChannel, PushMap, ResponseOf } from '../contract/channels';
import { REQUEST_SCHEMAS, type Channel, type RequestOf } from '../contract/schemas';
import type { DeviceCodePrompt } from '../contract/tokens';
import type { Engine } from '../engine';
import { tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import type { SandboxProvider } from '../sandbox';
import type { ProxyLogins } from './proxy-login';

/** What a host (the Electron main process, the headless host) gives the dispatcher. */
export interface HostServices {
  engine: Engine;
  appInfo: ResponseOf<'app:info'>;
  /** Starts the sandbox provider (once) and returns it. */
  sandbox: () => Promise<SandboxProvider>;
  /** Pushes an event to the renderer. */
  push: <P extends PushChannel>(channel: P, payload: PushMap[P]) => void;
  /** Opens a device-code verification page in the embedded sign-in window or the system browser. */
  openVerificationPage: (request: {
    accountId: string;
    url: string;
    browser: 'embedded' | 'system';
  }) => Promise<void>;
  /** Proxy sign-in questions (app/host/proxy-login.ts); a host without proxies has none. */
  proxyLogins?: Pick<ProxyLogins, 'pending' | 'answer'>;
}

type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * Answers the renderer's calls: validates each payload against the contract, refuses anything
 * malformed before the engine sees it, and turns every failure into an `ErrorInfo`. The same
 * dispatcher serves Electron's IPC and the web test host's WebSocket.
 */
export class Dispatcher {
  private readonly signIns = new Map<string, AbortController>();
  private readonly deviceCodes = new Map<string, DeviceCodePrompt>();
  private readonly handlers: Handlers;

  constructor(private readonly host: HostServices) {
    this.handlers = this.createHandlers();
  }

  /** Validates and runs one call. Never throws. */
  async dispatch(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    if (typeof channel !== 'string' || !Object.hasOwn(REQUEST_SCHEMAS, channel)) {
      return {
        ok: false,
        error: {
          code: 'invalid_request',
          message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`,
        },
      };
    }
    const name = channel as Channel;
    const parsed = REQUEST_SCHEMAS[name].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'request';
      return {
        ok: false,
        error: {
          code: 'invalid_request',
          message: `Malformed ${name} request: ${where}: ${issue?.message ?? 'invalid'}.`,
        },
      };
    }
    try {
      const handler = this.handlers[name] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toTokenDockError(error, name).toInfo() };
    }
  }

  private createHandlers(): Handlers {
    const engine = this.host.engine;
    return {
      'app:info': async () => this.host.appInfo,
      'accounts:list': async () => engine.listAccounts(),
      'accounts:add': async ({ input }) => engine.addAccount(input),
      'accounts:update': async ({ accountId, input }) => engine.updateAccount(accountId, input),
      'accounts:rename': async ({ accountId, name }) => engine.renameAccount(accountId, name),
      'accounts:duplicate': async ({ accountId }) => engine.duplicateAccount(accountId),
      'accounts:remove': async ({ accountId }) => {
        await engine.removeAccount(accountId);
        return null;
      },
      'accounts:sign-in': async ({ accountId, password }) =>
        this.signIn(accountId, password ? { password } : {}),
      'accounts:cancel-sign-in': async ({ accountId }) => {
        this.signIns.get(accountId)?.abort();
        return null;
      },
      'tokens:copy': async ({ accountId, targetId, format }) =>
        engine.copyToken(accountId, targetId, format),
      'tokens:refresh': async ({ accountId, targetId }) => {
        await engine.refreshNow(accountId, targetId);
        return null;
      },
      'targets:set-curl-url': async ({ accountId, targetId, url }) =>
        engine.setCurlUrl(accountId, targetId, url),
      'targets:curl-url-guess': async ({ accountId, targetId }) =>
        engine.curlUrlGuess(accountId, targetId),
      'tokens:refresh-all': async () => {
        engine.refreshAll();
        return null;
      },
      'tokens:reveal': async ({ accountId, targetId }) => ({
        accessToken: engine.revealToken(accountId, targetId),
      }),
      'tokens:decode': async ({ accountId, targetId, which }) =>
        engine.decodeToken(accountId, targetId, which),
      'settings:get': async () => engine.getSettings(),
      'settings:update': async ({ patch }) => engine.updateSettings(stripUndefined(patch)),
      'storage:protection': async () => engine.storageProtection(),
      'activity:list': async () => engine.activity(),
      'authority:check': async ({ authority }) => engine.checkAuthority(authority),
      'sandbox:try': async ({ reset }) =>
        engine.trySandbox(await this.host.sandbox(), reset ? { reset } : {}),
      'sandbox:details': async () => engine.sandboxDetails(await this.host.sandbox()),
      'device-code:open': async ({ accountId, browser }) => {
        const prompt = this.deviceCodes.get(accountId);
        if (!prompt)
          throw tokenDockError(
            'not_found',
            'There is no device code sign-in in progress for this account.',
          );
        await this.host.openVerificationPage({
          accountId,
          url: prompt.verificationUriComplete ?? prompt.verificationUri,
          browser,
        });
        return null;
      },
      'proxy-login:pending': async () => this.host.proxyLogins?.pending() ?? [],
      'proxy-login:answer': async (request) => {
        const credentials =
          request.answer === 'credentials'
            ? { username: request.username, password: request.password }
            : undefined;
        if (!this.host.proxyLogins?.answer(request.id, credentials))
          throw tokenDockError(
            'not_found',
            'This proxy question is no longer open: it was answered, or it timed out.',
          );
        return null;
      },
    };
  }

  /**
   * Signs an account in as the window does (a sign-in already under way for it is cancelled; the
   * window sees the device code and each step), telling `watch` too: the local endpoint passes
   * a script's sign-in through here, so the window and the script follow the same one.
   */
  async signIn(
    accountId: string,
    options: {
      password?: string;
      signal?: AbortSignal;
      onDeviceCode?: (prompt: DeviceCodePrompt) => void;
      onProgress?: (step: string) => void;
    } = {},
  ): Promise<AccountView> {
    this.signIns.get(accountId)?.abort();
    const controller = new AbortController();
    this.signIns.set(accountId, controller);
    const stop = () => controller.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) stop();
    try {
      return await this.host.engine.signIn(accountId, {
        ...(options.password ? { password: options.password } : {}),
        signal: controller.signal,
        onDeviceCode: (prompt) => {
          this.deviceCodes.set(accountId, prompt);
          this.host.push('sign-in:device-code', { accountId, prompt });
          options.onDeviceCode?.(prompt);
        },
        onProgress: (step) => {
          this.host.push('sign-in:progress', { accountId, step });
          options.onProgress?.(step);
        },
      });
    } finally {
      options.signal?.removeEventListener('abort', stop);
      if (this.signIns.get(accountId) === controller) this.signIns.delete(accountId);
      this.deviceCodes.delete(accountId);
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
