import type { AccountView } from '../contract/accounts';
import type { Envelope, PushChannel, PushMap, ResponseOf } from '../contract/channels';
import { REQUEST_SCHEMAS, type Channel, type RequestOf } from '../contract/schemas';
import type { DeviceCodePrompt } from '../contract/tokens';
import type { Engine } from '../engine';
import { TokenDockError, tokenDockError } from '../errors/tokendock-error';
import { toTokenDockError } from '../errors/translate';
import { connect } from '../flows/connect';
import type { Fetch } from '../ports';
import type { SandboxProvider } from '../sandbox';
import type { ProxyLogins } from './proxy-login';
import { sandboxDemoAccounts } from './sandbox-demo';

/** What a host (the Electron main process, the web test host) gives the dispatcher. */
export interface HostServices {
  engine: Engine;
  fetch: Fetch;
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
      'accounts:sign-in': async ({ accountId, password }) => this.signIn(accountId, password),
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
      'authority:check': async ({ authority }) => this.checkAuthority(authority),
      'sandbox:try': async () => this.trySandbox(),
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

  private async signIn(accountId: string, password: string | undefined): Promise<AccountView> {
    this.signIns.get(accountId)?.abort();
    const controller = new AbortController();
    this.signIns.set(accountId, controller);
    try {
      return await this.host.engine.signIn(accountId, {
        ...(password ? { password } : {}),
        signal: controller.signal,
        onDeviceCode: (prompt) => {
          this.deviceCodes.set(accountId, prompt);
          this.host.push('sign-in:device-code', { accountId, prompt });
        },
        onProgress: (step) => this.host.push('sign-in:progress', { accountId, step }),
      });
    } finally {
      if (this.signIns.get(accountId) === controller) this.signIns.delete(accountId);
      this.deviceCodes.delete(accountId);
    }
  }

  /** Discovers an authority live, as the add-account form checks it. */
  private async checkAuthority(
    authority: RequestOf<'authority:check'>['authority'],
  ): Promise<ResponseOf<'authority:check'>> {
    const profile =
      authority.kind === 'sandbox'
        ? { kind: 'sandbox' as const, issuer: (await this.host.sandbox()).issuer }
        : authority;
    const connection = await connect(
      profile,
      { clientId: 'tokendock-discovery-check', credential: { kind: 'none' } },
      { fetch: this.host.fetch, timeoutMs: 10_000 },
    );
    const metadata = connection.config.serverMetadata();
    const endpoints = [
      metadata.authorization_endpoint,
      metadata.token_endpoint,
      metadata.device_authorization_endpoint,
    ].filter((e): e is string => !!e);
    return { issuer: metadata.issuer, endpoints };
  }

  /** Starts the sandbox and adds one demo account for each flow; app-only accounts sign in at once. */
  private async trySandbox(): Promise<ResponseOf<'sandbox:try'>> {
    const sandbox = await this.host.sandbox();
    const engine = this.host.engine;
    const demo = sandboxDemoAccounts(sandbox);
    const browser = await engine.addAccount(demo.browser);
    const added = [browser];
    for (const input of demo.others({
      accountId: browser.id,
      middleTierTargetId: browser.targets[1]!.id,
    })) {
      added.push(await engine.addAccount(input));
    }
    for (const account of added.filter((a) => a.flow === 'client_credentials')) {
      await engine.signIn(account.id).catch((error: unknown) => {
        if (!(error instanceof TokenDockError)) throw error;
      });
    }
    return {
      issuer: sandbox.issuer,
      added: added.map((a) => engine.getAccount(a.id)),
      users: sandbox.users.map((u) => ({ username: u.username, password: u.password })),
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
