import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../app/sandbox';
import { AesGcmCipher } from '../../app/vault';
import { runBenchChild } from '../child';
import { fmt, range, ratios, summarize, type Figure } from '../measure';
import type {
  CacheConfig,
  ColdEngineConfig,
  ColdMsalConfig,
  CompareConfig,
  CompareResult,
  KeptAccount,
} from '../msal-child';
import { writeSyntheticVault } from '../synthetic';

const ROUNDS = 5;
const PAIRS = 40;
const LOOKUPS = 2_000;
const COLD_ROUNDS = 5;
/** Users in MSAL's cold-start cache (× 2 access tokens) and accounts in the engine's vault (× 2 targets). */
const STORED_ACCOUNTS = 1_000;

/**
 * TokenDock's engine beside MSAL Node (ConfidentialClientApplication / PublicClientApplication in
 * OIDC mode, in-memory cache) against the same sandbox over https. Both run in child processes
 * started with NODE_EXTRA_CA_CERTS (the only way Node's fetch, which MSAL Node uses, trusts the
 * sandbox's CA); the sandbox runs here, so its CPU is not counted. Every figure is engine ÷ MSAL.
 */
export async function msalFigures(): Promise<Figure[]> {
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-bench-msal-'));
  const caFile = join(directory, 'sandbox-ca.pem');
  const sandbox = await startSandbox({ https: true, caFile });
  const env = { NODE_EXTRA_CA_CERTS: caFile };
  try {
    const user = sandbox.users[0]!;
    const base = {
      issuer: sandbox.issuer,
      nativeClientId: sandbox.clients.native.clientId,
      username: user.username,
      password: user.password,
    };
    const cacheFile = join(directory, 'msal-cache.json');
    const metadataFile = join(directory, 'metadata.json');
    const cache = await runBenchChild<{
      account: KeptAccount;
      accessTokens: number;
      bytes: number;
    }>(
      'msal-child.ts',
      [
        'msal-cache',
        JSON.stringify({
          ...base,
          cacheFile,
          metadataFile,
          accounts: STORED_ACCOUNTS,
        } satisfies CacheConfig),
      ],
      env,
    );

    // The engine's vault: 1,000 signed-in accounts × 2 targets, for the cold start and as the
    // "1,000 other accounts" of the comparison.
    const key = randomBytes(32);
    const vaultDirectory = join(directory, 'vault');
    const stored = await writeSyntheticVault(vaultDirectory, new AesGcmCipher(key), {
      accounts: STORED_ACCOUNTS,
      targetsPerAccount: 2,
      authority: { kind: 'sandbox' },
      clientId: sandbox.clients.native.clientId,
      tokenEndpoint: `${sandbox.issuer}/token`,
    });
    const probe = stored[Math.floor(stored.length / 2)]!;

    const coldEngine: number[] = [];
    const coldMsal: number[] = [];
    const accountLookups: number[] = [];
    const engineConfig: ColdEngineConfig = {
      directory: vaultDirectory,
      keyHex: key.toString('hex'),
      accountId: probe.id,
      targetId: probe.targets[0]!.id,
    };
    const msalConfig: ColdMsalConfig = {
      issuer: sandbox.issuer,
      nativeClientId: sandbox.clients.native.clientId,
      cacheFile,
      metadataFile,
      account: cache.account,
    };
    for (let round = 0; round < COLD_ROUNDS; round += 1) {
      const engine = () =>
        runBenchChild<{ ms: number }>('msal-child.ts', [
          'cold-engine',
          JSON.stringify(engineConfig),
        ]);
      const msal = async () => {
        const { ms, lookupMs } = await runBenchChild<{ ms: number; lookupMs: number }>(
          'msal-child.ts',
          ['cold-msal', JSON.stringify(msalConfig)],
        );
        accountLookups.push(lookupMs);
        coldMsal.push(ms);
      };
      if (round % 2 === 0) {
        coldEngine.push((await engine()).ms);
        await msal();
      } else {
        await msal();
        coldEngine.push((await engine()).ms);
      }
    }

    const compare = await runBenchChild<CompareResult>(
      'msal-child.ts',
      [
        'compare',
        JSON.stringify({
          ...base,
          daemonClientId: sandbox.clients.daemonPost.clientId,
          daemonClientSecret: sandbox.clients.daemonPost.clientSecret,
          directory: vaultDirectory,
          keyHex: key.toString('hex'),
          rounds: ROUNDS,
          pairs: PAIRS,
          lookups: LOOKUPS,
        } satisfies CompareConfig),
      ],
      env,
    );

    const each = (unit: string, side: { engine: number[]; msal: number[] }) =>
      `engine ${fmt(summarize(side.engine).median)} ${unit} (${range(side.engine)}), MSAL ${fmt(summarize(side.msal).median)} ${unit} (${range(side.msal)})`;
    const lookup = summarize(ratios(compare.lookupUs.engine, compare.lookupUs.msal));
    const cc = summarize(
      ratios(compare.clientCredentialsMs.engine, compare.clientCredentialsMs.msal),
    );
    const refreshWall = summarize(ratios(compare.refreshMs.engine, compare.refreshMs.msal));
    const refreshCpu = summarize(ratios(compare.refreshCpuMs.engine, compare.refreshCpuMs.msal));
    const cold = summarize(ratios(coldEngine, coldMsal));
    const others = `engine vault holds ${compare.otherAccounts.toLocaleString('en-US')} other accounts`;
    return [
      {
        name: 'vs MSAL: cached lookup',
        how: `engine getToken ÷ MSAL acquireTokenSilent on a cached token, ${LOOKUPS} calls a round`,
        unit: '×',
        ...lookup,
        target: '',
        notes: `${each('µs', compare.lookupUs)} per call; ${others}, MSAL's cache one user`,
      },
      {
        name: 'vs MSAL: client credentials',
        how: `engine sign-in ÷ MSAL acquireTokenByClientCredential (skipCache), ${PAIRS} pairs a round, interleaved`,
        unit: '×',
        ...cc,
        target: '',
        notes: `${each('ms', compare.clientCredentialsMs)} per token, client_secret_post`,
      },
      {
        name: 'vs MSAL: refresh, wall',
        how: `engine refreshNow ÷ MSAL acquireTokenSilent(forceRefresh), ${PAIRS} pairs a round, interleaved`,
        unit: '×',
        ...refreshWall,
        target: '',
        notes: `${each('ms', compare.refreshMs)} per refresh; ${others}`,
      },
      {
        name: 'vs MSAL: refresh, CPU',
        how: 'process CPU per refresh (user + system), same runs',
        unit: '×',
        ...refreshCpu,
        target: '≤ 1.5',
        meetsTarget: refreshCpu.median <= 1.5,
        notes: `${each('ms CPU', compare.refreshCpuMs)} per refresh, of which system ${fmt(summarize(compare.refreshSystemMs.engine).median)} / ${fmt(summarize(compare.refreshSystemMs.msal).median)} ms; ${others}; engine writes each refresh to disk, MSAL keeps it in memory`,
      },
      {
        name: 'vs MSAL: cold start',
        how: `fresh process: open vault + start + first getToken ÷ deserialize cache + first acquireTokenSilent, ${STORED_ACCOUNTS * 2} tokens`,
        unit: '×',
        ...cold,
        target: '≤ 1',
        meetsTarget: cold.median <= 1,
        notes: `${each('ms', { engine: coldEngine, msal: coldMsal })}; MSAL cache ${cache.accessTokens} access tokens of ${STORED_ACCOUNTS} users, ${(cache.bytes / 1024 / 1024).toFixed(1)} MiB, account info kept by the app (getAccountByHomeId would add ${fmt(summarize(accountLookups).median)} ms)`,
      },
    ];
  } finally {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  }
}
