import { readFile, writeFile } from 'node:fs/promises';
import {
  type AccountInfo,
  ConfidentialClientApplication,
  type Configuration,
  LogLevel,
  ProtocolMode,
  PublicClientApplication,
} from '@azure/msal-node';
import type { AccountInput } from '../app/engine';
import { AesGcmCipher } from '../app/vault';
import { reply } from './child';
import { now, summarize } from './measure';
import { openBenchEngine } from './synthetic';

/**
 * The child processes of the MSAL figure. MSAL Node takes only https authorities and reaches them
 * through Node's fetch, which trusts a self-made CA only through NODE_EXTRA_CA_CERTS (read at
 * process start): so both libraries run here, in a process started with it, side by side against
 * the same https sandbox (which runs in the parent, so none of its CPU is counted). Modes:
 *
 * - `msal-cache <json>`: signs in once, writes a token cache of `accounts` users × 2 access tokens
 *   cloned from it, and the provider metadata; prints the home account id to look up.
 * - `cold-engine <json>` / `cold-msal <json>`: one cold start in a fresh process.
 * - `compare <json>`: cached lookup, client credentials and refresh, interleaved.
 */

/** What both libraries ask for: the sandbox's api resource, by scope. */
const SCOPES = ['api.read'];

/** Engine ÷ MSAL figures of one `compare` run: per round, what each side measured. */
export interface CompareResult {
  lookupUs: { engine: number[]; msal: number[] };
  clientCredentialsMs: { engine: number[]; msal: number[] };
  refreshMs: { engine: number[]; msal: number[] };
  refreshCpuMs: { engine: number[]; msal: number[] };
  /** The kernel's part of refreshCpuMs (file writes and fsync, sockets). */
  refreshSystemMs: { engine: number[]; msal: number[] };
  otherAccounts: number;
}

interface SandboxPart {
  issuer: string;
  nativeClientId: string;
  username: string;
  password: string;
}

export interface CacheConfig extends SandboxPart {
  cacheFile: string;
  metadataFile: string;
  accounts: number;
}

export interface ColdEngineConfig {
  directory: string;
  keyHex: string;
  accountId: string;
  targetId: string;
}

export interface ColdMsalConfig {
  issuer: string;
  nativeClientId: string;
  cacheFile: string;
  metadataFile: string;
  /** The account as the app kept it (what `acquireTokenSilent` needs of it). */
  account: KeptAccount;
}

/** The fields of MSAL's AccountInfo an app keeps to ask for that user's token again. */
export type KeptAccount = Pick<
  AccountInfo,
  'homeAccountId' | 'environment' | 'tenantId' | 'username' | 'localAccountId'
>;

export interface CompareConfig extends SandboxPart {
  daemonClientId: string;
  daemonClientSecret: string;
  directory: string;
  keyHex: string;
  rounds: number;
  pairs: number;
  lookups: number;
}

/** MSAL against a generic OpenID provider (STACK.md): OIDC mode, known authority, given metadata. */
function msalConfiguration(
  issuer: string,
  clientId: string,
  metadata: string,
  clientSecret?: string,
): Configuration {
  return {
    auth: {
      clientId,
      authority: issuer,
      knownAuthorities: [new URL(issuer).host],
      authorityMetadata: metadata,
      ...(clientSecret !== undefined ? { clientSecret } : {}),
    },
    system: {
      protocolMode: ProtocolMode.OIDC,
      // Errors only, dropped: the least logging work MSAL can be asked for.
      loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  };
}

async function discover(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed: ${response.status}`);
  return response.text();
}

type CacheSection = Record<string, Record<string, unknown>>;

/**
 * A cache of `count` users, each with an account, ID token, refresh token and two access tokens
 * (api.read, api.write): the one real sign-in cloned under other home account ids.
 */
function cloneCache(serialized: string, homeAccountId: string, count: number) {
  const cache = JSON.parse(serialized) as Record<string, CacheSection>;
  const out: Record<string, CacheSection> = {};
  const lower = homeAccountId.toLowerCase();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `${i.toString(36).padStart(5, '0')}${homeAccountId.slice(5)}`;
    ids.push(id);
    for (const [section, entries] of Object.entries(cache)) {
      out[section] ??= {};
      for (const [key, value] of Object.entries(entries)) {
        const clonedKey = key.replaceAll(lower, id.toLowerCase());
        const cloned = JSON.parse(JSON.stringify(value).replaceAll(homeAccountId, id)) as Record<
          string,
          unknown
        >;
        if (section === 'AppMetadata') {
          out[section][key] = value;
          continue;
        }
        out[section][clonedKey] = cloned;
        if (section === 'AccessToken') {
          out[section][clonedKey.replace('api.read', 'api.write')] = {
            ...cloned,
            target: String(cloned.target).replace('api.read', 'api.write'),
          };
        }
      }
    }
  }
  return { cache: JSON.stringify(out), ids };
}

async function msalCache(config: CacheConfig) {
  const metadata = await discover(config.issuer);
  await writeFile(config.metadataFile, metadata);
  const app = new PublicClientApplication(
    msalConfiguration(config.issuer, config.nativeClientId, metadata),
  );
  const result = await app.acquireTokenByUsernamePassword({
    scopes: SCOPES,
    username: config.username,
    password: config.password,
  });
  const signedIn = result?.account;
  if (!signedIn) throw new Error('MSAL signed in without an account');
  const { cache, ids } = cloneCache(
    app.getTokenCache().serialize(),
    signedIn.homeAccountId,
    config.accounts,
  );
  await writeFile(config.cacheFile, cache);
  const parsed = JSON.parse(cache) as Record<string, CacheSection>;
  const account: KeptAccount = {
    homeAccountId: ids[Math.floor(ids.length / 2)]!,
    environment: signedIn.environment,
    tenantId: signedIn.tenantId,
    username: signedIn.username,
    localAccountId: signedIn.localAccountId,
  };
  reply({
    account,
    accessTokens: Object.keys(parsed.AccessToken ?? {}).length,
    bytes: Buffer.byteLength(cache),
  });
}

async function coldEngine(config: ColdEngineConfig) {
  const started = now();
  const world = openBenchEngine({
    directory: config.directory,
    cipher: new AesGcmCipher(Buffer.from(config.keyHex, 'hex')),
    // A cached token needs no provider: any request would be a failure of the figure.
    fetch: () => Promise.reject(new Error('the cold start must not reach the network')),
    sandboxIssuer: 'https://127.0.0.1:1',
  });
  world.engine.start();
  const token = await world.engine.getToken(config.accountId, config.targetId);
  const ms = now() - started;
  if (!token.accessToken) throw new Error('no token');
  await world.close();
  reply({ ms });
}

async function coldMsal(config: ColdMsalConfig) {
  // Configuration, as an app would have it: not part of the start.
  const metadata = await readFile(config.metadataFile, 'utf8');
  const started = now();
  const app = new PublicClientApplication(
    msalConfiguration(config.issuer, config.nativeClientId, metadata),
  );
  const cache = app.getTokenCache();
  cache.deserialize(await readFile(config.cacheFile, 'utf8'));
  const result = await app.acquireTokenSilent({
    account: config.account as AccountInfo,
    scopes: SCOPES,
  });
  const ms = now() - started;
  if (!result.fromCache) throw new Error('MSAL went to the network for a cached token');
  // Not counted: finding the account by its id, as an app that kept only the id would.
  const t = now();
  const found = await cache.getAccountByHomeId(config.account.homeAccountId);
  const lookupMs = now() - t;
  if (!found) throw new Error('the account is not in the cache');
  reply({ ms, lookupMs });
}

/** Runs `a` and `b` `pairs` times, alternating which goes first; wall ms and CPU ms of each. */
async function interleave(pairs: number, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const wall = { a: [] as number[], b: [] as number[] };
  const cpu = { a: 0, b: 0 };
  const system = { a: 0, b: 0 };
  const one = async (which: 'a' | 'b') => {
    const cpuStart = process.cpuUsage();
    const t = now();
    await (which === 'a' ? a() : b());
    wall[which].push(now() - t);
    const used = process.cpuUsage(cpuStart);
    cpu[which] += (used.user + used.system) / 1000;
    system[which] += used.system / 1000;
  };
  for (let i = 0; i < pairs; i += 1) {
    const order: Array<'a' | 'b'> = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const which of order) await one(which);
  }
  return {
    a: summarize(wall.a).median,
    b: summarize(wall.b).median,
    cpuA: cpu.a / pairs,
    cpuB: cpu.b / pairs,
    systemA: system.a / pairs,
    systemB: system.b / pairs,
  };
}

async function compare(config: CompareConfig) {
  const world = openBenchEngine({
    directory: config.directory,
    cipher: new AesGcmCipher(Buffer.from(config.keyHex, 'hex')),
    fetch: globalThis.fetch,
    sandboxIssuer: config.issuer,
  });
  const { engine } = world;
  engine.start();
  const otherAccounts = engine.listAccounts().length;
  const userInput: AccountInput = {
    name: 'refresher',
    authority: { kind: 'sandbox' },
    flow: 'password',
    clientId: config.nativeClientId,
    clientAuth: { kind: 'none' },
    username: config.username,
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: SCOPES } }],
  };
  const daemonInput: AccountInput = {
    name: 'daemon',
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: config.daemonClientId,
    clientAuth: { kind: 'secret', method: 'client_secret_post' },
    clientSecret: config.daemonClientSecret,
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: SCOPES } }],
  };
  const user = await engine.addAccount(userInput);
  await engine.signIn(user.id, { password: config.password });
  const daemon = await engine.addAccount(daemonInput);
  await engine.signIn(daemon.id);
  const targetId = user.targets[0]!.id;

  const metadata = await discover(config.issuer);
  const pca = new PublicClientApplication(
    msalConfiguration(config.issuer, config.nativeClientId, metadata),
  );
  const cca = new ConfidentialClientApplication(
    msalConfiguration(config.issuer, config.daemonClientId, metadata, config.daemonClientSecret),
  );
  const signedIn = await pca.acquireTokenByUsernamePassword({
    scopes: SCOPES,
    username: config.username,
    password: config.password,
  });
  const account: AccountInfo | null | undefined = signedIn?.account;
  if (!account) throw new Error('MSAL signed in without an account');

  const lookup = {
    engine: () => engine.getToken(user.id, targetId),
    msal: () => pca.acquireTokenSilent({ account, scopes: SCOPES }),
  };
  const clientCredentials = {
    engine: () => engine.signIn(daemon.id),
    msal: () => cca.acquireTokenByClientCredential({ scopes: SCOPES, skipCache: true }),
  };
  const refresh = {
    engine: () => engine.refreshNow(user.id, targetId),
    msal: () => pca.acquireTokenSilent({ account, scopes: SCOPES, forceRefresh: true }),
  };
  // Warm-up: JIT, connections, first-use paths of both.
  for (const pair of [lookup, clientCredentials, refresh])
    await interleave(3, pair.engine, pair.msal);

  const result: CompareResult = {
    lookupUs: { engine: [], msal: [] },
    clientCredentialsMs: { engine: [], msal: [] },
    refreshMs: { engine: [], msal: [] },
    refreshCpuMs: { engine: [], msal: [] },
    refreshSystemMs: { engine: [], msal: [] },
    otherAccounts,
  };
  for (let round = 0; round < config.rounds; round += 1) {
    const perCall = async (call: () => Promise<unknown>) => {
      const t = now();
      for (let i = 0; i < config.lookups; i += 1) await call();
      return ((now() - t) * 1000) / config.lookups;
    };
    const first = round % 2 === 0 ? 'engine' : 'msal';
    const second = first === 'engine' ? 'msal' : 'engine';
    const times = { engine: 0, msal: 0 };
    times[first] = await perCall(lookup[first]);
    times[second] = await perCall(lookup[second]);
    result.lookupUs.engine.push(times.engine);
    result.lookupUs.msal.push(times.msal);

    const cc = await interleave(config.pairs, clientCredentials.engine, clientCredentials.msal);
    result.clientCredentialsMs.engine.push(cc.a);
    result.clientCredentialsMs.msal.push(cc.b);

    const r = await interleave(config.pairs, refresh.engine, refresh.msal);
    result.refreshMs.engine.push(r.a);
    result.refreshMs.msal.push(r.b);
    result.refreshCpuMs.engine.push(r.cpuA);
    result.refreshCpuMs.msal.push(r.cpuB);
    result.refreshSystemMs.engine.push(r.systemA);
    result.refreshSystemMs.msal.push(r.systemB);
  }
  await world.close();
  reply(result);
}

const [mode, json] = process.argv.slice(2);
const config: unknown = JSON.parse(json ?? '{}');
switch (mode) {
  case 'msal-cache':
    await msalCache(config as CacheConfig);
    break;
  case 'cold-engine':
    await coldEngine(config as ColdEngineConfig);
    break;
  case 'cold-msal':
    await coldMsal(config as ColdMsalConfig);
    break;
  case 'compare':
    await compare(config as CompareConfig);
    break;
  default:
    throw new Error(`unknown mode ${String(mode)}`);
}
// Idle keep-alive connections to the sandbox would hold the process open for seconds.
process.exit(0);
