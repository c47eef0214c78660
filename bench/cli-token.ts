// `tokendock token` for a cached token, against a bare `node -e 0` (the floor of any Node program).
// Run: node --import ./scripts/register-ts.mjs bench/cli-token.ts [rounds=30] [other entry files…]
// Builds the command first, starts the sandbox, an engine and the local endpoint in this process,
// then runs the commands alternately, timing each from spawn to exit. Other entry files (another
// build of the command, for comparison) are run in the same rotation.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../app/endpoint';
import { now, summarize } from './measure';
import { daemonInput, startWorld } from './world';

const root = join(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 30);
const bins = [join(root, 'bin', 'tokendock.mjs'), ...process.argv.slice(3)];

/** Milliseconds from spawn to exit; rejects unless it exits 0 with the expected output. */
function timed(args: string[], env: NodeJS.ProcessEnv, expected: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const elapsed = now() - started;
      if (code !== 0 || stdout !== expected)
        reject(
          new Error(`${args.join(' ')} exited ${String(code)} with ${JSON.stringify(stdout)}`),
        );
      else resolve(elapsed);
    });
  });
}

execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
const world = await startWorld();
const data = await mkdtemp(join(tmpdir(), 'tokendock-bench-endpoint-'));
const endpoint = await startLocalEndpoint({
  directory: join(data, 'data'),
  engine: world.engine,
  signIn: (accountId, hooks) => world.engine.signIn(accountId, hooks),
});
try {
  const account = await world.engine.addAccount(daemonInput(world.sandbox, 'Bench'));
  await world.engine.signIn(account.id);
  const { accessToken } = await world.engine.getToken(account.id, account.targets[0]!.id);
  const env = { ...process.env, TOKENDOCK_SOCKET: endpoint.path };
  const bare = () => timed(['-e', '0'], env, '');
  const commands = [
    ...bins.map((bin) => ({
      name: `tokendock token (cached)${bins.length > 1 ? ` ${bin}` : ''}`,
      run: () => timed([bin, 'token', 'Bench'], env, `${accessToken}\n`),
    })),
    { name: 'node -e 0', run: bare },
  ];
  for (let i = 0; i < 3; i += 1) for (const command of commands) await command.run();
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < rounds; i += 1) {
    // Alternating, in a rotating order, so drift and caches touch all alike.
    for (let k = 0; k < commands.length; k += 1) {
      const index = (i + k) % commands.length;
      times[index]!.push(await commands[index]!.run());
    }
  }
  const bareMs = times.at(-1)!;
  const b = summarize(bareMs);
  const f = (n: number) => n.toFixed(1);
  console.log(
    `node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}, N=${rounds}`,
  );
  commands.forEach((command, index) => {
    const s = summarize(times[index]!);
    console.log(`${command.name}: median ${f(s.median)} ms, min ${f(s.min)}, max ${f(s.max)}`);
    if (index === commands.length - 1) return;
    const pairs = summarize(times[index]!.map((ms, i) => ms / bareMs[i]!));
    console.log(
      `  ratio to node -e 0: ${(s.median / b.median).toFixed(2)}× of medians (per round: median ${pairs.median.toFixed(2)}×, min ${pairs.min.toFixed(2)}×, max ${pairs.max.toFixed(2)}×); target ≤ 1.30×`,
    );
  });
} finally {
  await endpoint.close();
  await world.close();
  await rm(data, { recursive: true, force: true });
}
