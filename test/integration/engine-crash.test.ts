/**
 * kill -9 during a refresh loop: a child engine refreshes a rotating refresh token against the
 * sandbox as fast as it can and is killed at random moments. After each kill the refresh token on
 * disk must be the last one a returned refresh received, or one received after it: never an older
 * one (which the provider has already replaced, so the account would need a new sign-in).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCipher, openVault } from '../../app/vault';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import { makeTempRoot } from '../support/vault-fixtures';

const KILLS = 50;
const LANES = 2;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

let f: Fixture;
let root: string;
let remove: () => Promise<void>;
const running = new Set<ChildProcess>();
beforeAll(async () => {
  f = await startFixture({ browser: false, accessTokenTtlSeconds: 600 });
  ({ root, remove } = await makeTempRoot());
});
afterAll(async () => {
  await Promise.all([...running].map((child) => killed(child)));
  await remove();
  await f?.close();
});

interface ChildOutput {
  issued: string[];
  returned: string[];
  signedInAgain: number;
}

function startChild(directory: string, key: Buffer, lane: number): ChildProcess {
  const user = f.sandbox.users[lane % f.sandbox.users.length]!;
  const child = spawn(
    process.execPath,
    [
      '--import',
      './scripts/register-ts.mjs',
      'test/support/engine-child.ts',
      directory,
      f.sandbox.issuer,
    ],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        TOKENDOCK_VAULT_KEY_HEX: key.toString('hex'),
        TOKENDOCK_USER: user.username,
        TOKENDOCK_PASSWORD: user.password,
        TOKENDOCK_CLIENT_ID: f.sandbox.clients.native.clientId,
        TOKENDOCK_RESOURCE: f.sandbox.resources.api.identifier,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Collects what the child says; resolves once it has returned `returns` refreshes. */
function watch(
  child: ChildProcess,
  returns: number,
): { output: ChildOutput; ready: Promise<void> } {
  const output: ChildOutput = { issued: [], returned: [], signedInAgain: 0 };
  let stderr = '';
  let buffer = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'issued') output.issued.push(value!);
        if (word === 'returned') output.returned.push(value!);
        if (word === 'signed-in-again') output.signedInAgain += 1;
      }
      if (output.returned.length >= returns) resolve();
    });
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`The engine child ended (${code ?? signal}): ${stderr}`));
    });
  });
  return { output, ready };
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode);
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
}

const fingerprint = (value: string | undefined) =>
  value ? createHash('sha256').update(value).digest('hex').slice(0, 16) : 'none';

/** The refresh token on disk, read as the next start would (the dead child's lock is stale). */
async function onDisk(directory: string, key: Buffer): Promise<string> {
  const vault = openVault({ directory, cipher: new AesGcmCipher(key) });
  try {
    const [account] = vault.load().accounts;
    return fingerprint(
      account && vault.readSecret({ accountId: account.id, kind: 'refresh-token' }),
    );
  } finally {
    await vault.close();
  }
}

async function runLane(lane: number, kills: number) {
  const directory = join(root, `lane-${lane}`);
  const key = randomBytes(32);
  let lost = 0;
  let inTransit = 0;
  let refreshes = 0;
  for (let kill = 0; kill < kills; kill += 1) {
    const child = startChild(directory, key, lane);
    const { output, ready } = watch(child, 1);
    await ready;
    await delay(randomInt(0, 120));
    expect(await killed(child)).toBe('SIGKILL');
    refreshes += output.returned.length;
    inTransit += output.signedInAgain;

    const disk = await onDisk(directory, key);
    const lastReturned = output.returned.at(-1)!;
    const issuedAfter = output.issued.slice(output.issued.lastIndexOf(lastReturned) + 1);
    if (disk !== lastReturned && !issuedAfter.includes(disk)) lost += 1;
  }
  return { lost, inTransit, refreshes };
}

describe('the engine under kill -9', () => {
  it(`keeps every returned refresh token over ${KILLS} SIGKILLs during a refresh loop`, async () => {
    const started = Date.now();
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, lane) => runLane(lane, Math.ceil(KILLS / LANES))),
    );
    const total = lanes.reduce(
      (sum, lane) => ({
        lost: sum.lost + lane.lost,
        inTransit: sum.inTransit + lane.inTransit,
        refreshes: sum.refreshes + lane.refreshes,
      }),
      { lost: 0, inTransit: 0, refreshes: 0 },
    );
    console.info(
      `engine-crash: ${LANES * Math.ceil(KILLS / LANES)} kills in ${Date.now() - started} ms, ` +
        `${total.refreshes} refreshes returned; ${total.inTransit} restarts found their refresh ` +
        `token already rotated by a response the killed process never received`,
    );
    expect(total.refreshes).toBeGreaterThan(KILLS);
    expect(total.lost).toBe(0);
  }, 300_000);
});
