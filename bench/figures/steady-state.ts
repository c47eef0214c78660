import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import type { AccountInput } from '../../app/engine';
import { AesGcmCipher, type Vault } from '../../app/vault';
import { cpuMs, fmt, now, summarize, type Figure } from '../measure';
import {
  accountIdOfPath,
  countingVault,
  openBenchEngine,
  snapshotFolder,
  writtenBetween,
} from '../synthetic';
import { startSandboxProcess } from '../world';

const ACCOUNTS = 2_000;
const TOKEN_SECONDS = 3_600;
/** Refreshes per CPU sample: the per-refresh figure is the median of these windows. */
const WINDOW = 200;

/**
 * How often a one-hour token is refreshed, by the default refresh policy: every lifetime minus
 * the lead time (the larger of 5 minutes and 20 % of the lifetime, at most half of it) minus the
 * mean jitter (half of 10 % of the lead time, at most 30 s).
 */
function refreshesPerTokenHour(): number {
  const lifetimeMs = TOKEN_SECONDS * 1000;
  const lead = Math.min(
    Math.max(
      DEFAULT_SETTINGS.leadTimeMinutes * 60_000,
      DEFAULT_SETTINGS.leadTimeFraction * lifetimeMs,
    ),
    lifetimeMs / 2,
  );
  const meanJitter = Math.min(lead * 0.1, 30_000) / 2;
  return 3_600_000 / (lifetimeMs - lead - meanJitter);
}

/**
 * Steady state: 2,000 signed-in accounts with one-hour tokens (password grant against the sandbox,
 * which runs in its own process so its CPU is not counted). Every token is refreshed once through
 * the scheduler (`refreshAll`: the queue, the concurrency cap, the real vault writes), and the CPU
 * and bytes of that pass are scaled to an hour of the refresh policy.
 */
export async function steadyStateFigures(): Promise<Figure[]> {
  const sandbox = await startSandboxProcess(TOKEN_SECONDS);
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-bench-steady-'));
  let counting: (Vault & { writes: Map<string, number> }) | undefined;
  const world = openBenchEngine({
    directory,
    cipher: new AesGcmCipher(),
    fetch: globalThis.fetch,
    sandboxIssuer: sandbox.issuer,
    wrapVault: (vault) => (counting = countingVault(vault)),
  });
  try {
    const { engine } = world;
    engine.start();
    const user = sandbox.users[0]!;
    const input = (i: number): AccountInput => ({
      name: `User ${i}`,
      authority: { kind: 'sandbox' },
      flow: 'password',
      clientId: sandbox.clients.native.clientId,
      clientAuth: { kind: 'none' },
      username: user.username,
      targets: [{ label: 'API', target: { kind: 'scopes', scopes: ['api.read'] } }],
    });
    for (let i = 0; i < ACCOUNTS; i += 50) {
      const batch = Array.from({ length: Math.min(50, ACCOUNTS - i) }, (_, k) => input(i + k));
      const added = await Promise.all(batch.map((a) => engine.addAccount(a)));
      await Promise.all(added.map((a) => engine.signIn(a.id, { password: user.password })));
    }
    // Let the sign-ins' group commits and garbage settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    counting!.writes.clear();
    const before = await snapshotFolder(directory);
    const perRefreshCpu: number[] = [];
    let refreshed = 0;
    let windowCpu = process.cpuUsage();
    let resolveDone!: () => void;
    let rejectDone!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    const unsubscribe = engine.subscribe((event) => {
      if (event.type === 'refresh-failed')
        rejectDone(new Error(`a refresh failed: ${event.error.message}`));
      if (event.type !== 'token-refreshed') return;
      refreshed += 1;
      if (refreshed % WINDOW === 0) {
        perRefreshCpu.push(cpuMs(windowCpu) / WINDOW);
        windowCpu = process.cpuUsage();
      }
      if (refreshed === ACCOUNTS) resolveDone();
    });
    const cpuStart = process.cpuUsage();
    const started = now();
    engine.refreshAll();
    await done;
    const wallMs = now() - started;
    const totalCpu = cpuMs(cpuStart);
    unsubscribe();
    const writes = counting!.writes;
    const written = writtenBetween(
      before,
      await snapshotFolder(directory),
      (path) => writes.get(accountIdOfPath(path)) ?? 1,
    );

    const perHour = refreshesPerTokenHour() * ACCOUNTS;
    const cpu = summarize(perRefreshCpu);
    const bytesPerRefresh = written.bytes / refreshed;
    return [
      {
        name: 'steady state: CPU',
        how: `${ACCOUNTS} one-hour tokens, each refreshed once against the sandbox; CPU ms per refresh, windows of ${WINDOW}`,
        unit: 'ms CPU',
        ...cpu,
        target: '',
        notes: `${fmt((cpu.median * perHour) / 1000)} s CPU per hour (${fmt(perHour)} refreshes/h); pass: ${fmt(totalCpu)} ms CPU in ${fmt(wallMs / 1000)} s`,
      },
      {
        name: 'steady state: bytes',
        how: 'bytes written per refresh (files of the vault folder, each write counted)',
        unit: 'B',
        median: bytesPerRefresh,
        min: bytesPerRefresh,
        max: bytesPerRefresh,
        target: '',
        notes: `${fmt((bytesPerRefresh * perHour) / 1024 / 1024)} MiB per hour; ${written.files} file writes for ${refreshed} refreshes`,
      },
    ];
  } finally {
    await world.close();
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  }
}
