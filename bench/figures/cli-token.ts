import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../app/endpoint';
import { fmt, now, summarize, type Figure } from '../measure';
import { daemonInput, startWorld } from '../world';

const ROUNDS = 30;
const TARGET_RATIO = 1.3;

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

/**
 * `tokendock token` for a cached token against a bare `node -e 0` (the floor of any Node
 * program), alternating in rotating order, each timed from spawn to exit; the figure is the
 * ratio of the two in each round (target ≤ 1.3×), with both times in the notes.
 */
export async function cliTokenFigure(root: string): Promise<Figure> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
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
    const bin = join(root, 'bin', 'tokendock.mjs');
    const commands = [
      () => timed([bin, 'token', 'Bench'], env, `${accessToken}\n`),
      () => timed(['-e', '0'], env, ''),
    ];
    for (let i = 0; i < 3; i += 1) for (const command of commands) await command();
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < ROUNDS; i += 1)
      for (let k = 0; k < commands.length; k += 1) {
        const index = (i + k) % commands.length;
        times[index]!.push(await commands[index]!());
      }
    const [cli, bare] = times;
    const ratio = summarize(cli.map((ms, i) => ms / bare[i]!));
    const c = summarize(cli);
    const b = summarize(bare);
    return {
      name: 'tokendock token (cached) ÷ node -e 0',
      how: `spawn to exit, ${ROUNDS} alternating rounds, ratio per round`,
      unit: '×',
      ...ratio,
      target: `≤ ${TARGET_RATIO}×`,
      meetsTarget: ratio.median <= TARGET_RATIO,
      notes: `tokendock ${fmt(c.median)} ms (${fmt(c.min)}–${fmt(c.max)}), node -e 0 ${fmt(b.median)} ms (${fmt(b.min)}–${fmt(b.max)})`,
    };
  } finally {
    await endpoint.close();
    await world.close();
    await rm(data, { recursive: true, force: true });
  }
}
