import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type AccountInput, type EngineEvent } from '../../app/engine';
import type { Clipboard, Clock, Fetch, Logger, Notifier, PowerEvents } from '../../app/ports';
import { AesGcmCipher, openVault, type Vault } from '../../app/vault';
import type { SandboxProvider } from '../../app/sandbox';
import { ChromiumAuthWindow, type Person } from './chromium-auth-window';
import type { Fixture } from './sandbox-fixture';

/** A clipboard that remembers what was written. */
export class RecordingClipboard implements Clipboard {
  text = '';
  readonly writes: string[] = [];
  writeText(text: string): void {
    this.text = text;
    this.writes.push(text);
  }
  readText(): string {
    return this.text;
  }
}

/** Power events a test can fire. */
export class ManualPowerEvents implements PowerEvents {
  private readonly resume = new Set<() => void>();
  private readonly network = new Set<() => void>();
  onResume(listener: () => void) {
    this.resume.add(listener);
    return () => this.resume.delete(listener);
  }
  onNetworkChange(listener: () => void) {
    this.network.add(listener);
    return () => this.network.delete(listener);
  }
  fireResume(): void {
    for (const l of this.resume) l();
  }
  fireNetworkChange(): void {
    for (const l of this.network) l();
  }
}

/**
 * Watches the wire: every secret that crosses it (tokens issued, client secrets and assertions
 * sent, passwords, codes, PKCE verifiers) is collected, so tests can prove none of them lands in a
 * log or a file. Also counts requests per grant type.
 */
export class WireWatcher {
  readonly secrets = new Set<string>();
  readonly requests: Array<{ url: string; grantType?: string; at: number }> = [];
  /** The tokens each token response carried, in order. */
  readonly issued: Array<{ grantType?: string; accessToken?: string; refreshToken?: string }> = [];
  /** Set to strip refresh tokens from token responses, as a provider that issues none would. */
  withholdRefreshTokens = false;
  /** Set to make the next matching response get lost after the provider processed it. */
  loseNextResponseOf: string | undefined;
  private held: { grantType: string; arrived: () => void; gate: Promise<void> } | undefined;

  /**
   * Holds the response to the next request of `grantType` after the provider answered it (so a
   * rotation has happened at the provider), until `release()`. `arrived` resolves once it is held.
   */
  holdNext(grantType: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.held = { grantType, arrived, gate };
    return { arrived: arrival, release };
  }

  readonly fetch: Fetch = async (input, init) => {
    const url = String(input);
    const body = new URLSearchParams(String(init?.body ?? ''));
    for (const name of [
      'client_secret',
      'client_assertion',
      'password',
      'code',
      'code_verifier',
      'refresh_token',
      'assertion',
      'subject_token',
      'token',
    ]) {
      const value = body.get(name);
      if (value) this.secrets.add(value);
    }
    const authorization = new Headers(init?.headers).get('authorization');
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString();
      const secret = decodeURIComponent(decoded.slice(decoded.indexOf(':') + 1));
      this.secrets.add(secret);
    }
    const grantType = body.get('grant_type') ?? undefined;
    this.requests.push({ url, ...(grantType ? { grantType } : {}), at: Date.now() });
    const response = await fetch(input, init);
    const held = this.held;
    if (grantType && held?.grantType === grantType) {
      this.held = undefined;
      held.arrived();
      await held.gate;
    }
    if (grantType && grantType === this.loseNextResponseOf) {
      this.loseNextResponseOf = undefined;
      await response.text().catch(() => undefined);
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    }
    if (response.headers.get('content-type')?.includes('json')) {
      const text = await response.clone().text();
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        for (const name of ['access_token', 'refresh_token', 'id_token', 'device_code']) {
          if (typeof json[name] === 'string') this.secrets.add(json[name]);
        }
        if (this.withholdRefreshTokens && 'refresh_token' in json) {
          delete json.refresh_token;
          const headers = new Headers(response.headers);
          headers.delete('content-length');
          return new Response(JSON.stringify(json), { status: response.status, headers });
        }
        if (typeof json.access_token === 'string')
          this.issued.push({
            ...(grantType ? { grantType } : {}),
            accessToken: json.access_token,
            ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
          });
      } catch {
        // not JSON after all: nothing to collect
      }
    }
    return response;
  };

  count(grantType: string, since = 0): number {
    return this.requests.filter((r) => r.grantType === grantType && r.at >= since).length;
  }
}

export interface Harness {
  engine: Engine;
  vault: Vault;
  directory: string;
  clipboard: RecordingClipboard;
  notifications: Array<{ title: string; body: string }>;
  events: EngineEvent[];
  logLines: string[];
  wire: WireWatcher;
  power: ManualPowerEvents;
  /** Restarts the engine on the same vault (a new process, as far as the engine can tell). */
  reopen(): Promise<Harness>;
  close(): Promise<void>;
  /** Every byte of every file the vault wrote. */
  fileContents(): Promise<string>;
}

export interface HarnessOptions {
  cipher?: AesGcmCipher;
  clock?: Clock;
  person?: Person;
  timeoutMs?: number;
  /** The folder the vault goes in (a fresh temporary one by default). */
  directory?: string;
}

export async function startHarness(
  fixture: Fixture,
  options: HarnessOptions = {},
): Promise<Harness> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'tokendock-engine-')));
  const cipher = options.cipher ?? new AesGcmCipher();
  const wire = new WireWatcher();
  return build(fixture, directory, cipher, wire, options);
}

function build(
  fixture: Fixture,
  directory: string,
  cipher: AesGcmCipher,
  wire: WireWatcher,
  options: HarnessOptions,
): Harness {
  const vault = openVault({ directory: join(directory, 'store'), cipher });
  const clipboard = new RecordingClipboard();
  const notifications: Harness['notifications'] = [];
  const events: EngineEvent[] = [];
  const logLines: string[] = [];
  const power = new ManualPowerEvents();
  const notifier: Notifier = { notify: (n) => void notifications.push(n) };
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void logLines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const engine = new Engine({
    vault,
    fetch: wire.fetch,
    clipboard,
    notifier,
    logger,
    powerEvents: power,
    sandboxIssuer: async () => fixture.sandbox.issuer,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(fixture.browser && options.person
      ? { authWindow: new ChromiumAuthWindow(fixture.browser, options.person) }
      : {}),
  });
  engine.subscribe((e) => void events.push(e));
  engine.start();
  const harness: Harness = {
    engine,
    vault,
    directory,
    clipboard,
    notifications,
    events,
    logLines,
    wire,
    power,
    reopen: async () => {
      await engine.stop();
      await vault.close();
      return build(fixture, directory, cipher, wire, options);
    },
    close: async () => {
      await engine.stop();
      await vault.close();
      await rm(directory, { recursive: true, force: true });
    },
    fileContents: async () =>
      (await Promise.all(vault.files().map((f) => readFile(f, 'latin1').catch(() => '')))).join(
        '\n',
      ),
  };
  return harness;
}

/** A password-flow account of the sandbox's native client for a demo user. */
export function passwordAccount(
  sandbox: SandboxProvider,
  name = 'Ada (password)',
  user = sandbox.users[0]!,
): AccountInput {
  return {
    name,
    authority: { kind: 'sandbox' },
    flow: 'password',
    clientId: sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    username: user.username,
    targets: [
      {
        label: 'API',
        target: {
          kind: 'resource',
          resource: sandbox.resources.api.identifier,
          scopes: ['api.read'],
        },
      },
    ],
  };
}

/** A client-credentials account of the sandbox's daemon. */
export function daemonAccount(sandbox: SandboxProvider, name = 'Daemon'): AccountInput {
  return {
    name,
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: sandbox.clients.daemon.clientId,
    clientAuth: { kind: 'secret', method: 'client_secret_basic' },
    clientSecret: sandbox.clients.daemon.clientSecret,
    targets: [
      { label: 'API', target: { kind: 'resource', resource: sandbox.resources.api.identifier } },
    ],
  };
}

/**
 * A password account whose one target is the sandbox's middle tier, and an on-behalf-of account
 * of the middle tier's client exchanging that target's token for the downstream API.
 */
export function onBehalfOfInputs(sandbox: SandboxProvider): {
  user: AccountInput;
  obo: (source: { accountId: string; targetId: string }) => AccountInput;
} {
  const { middleTier, downstream } = sandbox.resources;
  const mid = sandbox.clients.middleTier;
  return {
    user: {
      ...passwordAccount(sandbox),
      targets: [
        {
          label: 'Middle tier',
          target: { kind: 'resource', resource: middleTier.identifier, scopes: middleTier.scopes },
        },
      ],
    },
    obo: (source) => ({
      name: 'Middle tier OBO',
      authority: { kind: 'sandbox' },
      flow: 'on_behalf_of',
      clientId: mid.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_basic' },
      clientSecret: mid.clientSecret,
      assertionFrom: source,
      targets: [
        {
          label: 'Downstream',
          target: { kind: 'resource', resource: downstream.identifier, scopes: downstream.scopes },
        },
      ],
    }),
  };
}

/** Waits until `predicate` holds, polling every 50 ms, or fails after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean,
  timeoutMs = 10_000,
  what = 'the condition',
): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
