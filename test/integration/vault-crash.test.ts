/**
 * The kill -9 test: a child process writes to the vault in a tight loop and is killed with SIGKILL
 * at a random moment; the vault must then open with no quarantined file, every secret decrypting,
 * and each file whole (one save of the accounts, one batch of secrets, never a mix).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCipher, openVault } from '../../app/vault';
import { makeTempRoot } from '../support/vault-fixtures';
import {
  WRITER_ACCOUNT_COUNT,
  WRITER_SECRET_KINDS,
  roundOfSecretValue,
} from '../support/vault-writer-data';

const KILLS = 50;
/** Children run side by side, each on its own folder, to keep the test short. */
const LANES = 2;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

let root: string;
let remove: () => Promise<void>;
/** Writers still running: a failing lane must not leave the other lane's child behind. */
const running = new Set<ChildProcess>();
beforeAll(async () => {
  ({ root, remove } = await makeTempRoot());
});
afterAll(async () => {
  await Promise.all([...running].map((child) => killed(child)));
  await remove();
});

function startWriter(directory: string, key: Buffer): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', './scripts/register-ts.mjs', 'test/support/vault-writer.ts', directory],
    {
      cwd: projectRoot,
      env: { ...process.env, TOKENDOCK_VAULT_KEY_HEX: key.toString('hex') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with the first round the writer completed, once it says `ready <round>`. */
function ready(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ready (\d+)\n/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`The writer ended before it was ready (${code ?? signal}): ${stderr}`)),
    );
  });
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode);
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
}

interface Observed {
  accountsRound: number;
  secretsRound: number;
}

/** Opens the vault as the app would after the crash, and checks that it is whole. */
function inspect(directory: string, key: Buffer): Observed {
  const vault = openVault({ directory, cipher: new AesGcmCipher(key) });
  expect(vault.problems).toEqual([]);
  expect(vault.files()).toEqual([
    join(directory, 'secrets.json'),
    join(directory, 'tokendock.json'),
  ]);

  const { accounts, settings } = vault.load();
  expect(accounts.map((account) => account.id)).toEqual(
    Array.from({ length: WRITER_ACCOUNT_COUNT }, (_, index) => `acc-${index}`),
  );
  const accountRounds = new Set(accounts.map((account) => account.updatedOn));
  expect(accountRounds.size).toBe(1);
  expect(settings.leadTimeMinutes).toBeGreaterThanOrEqual(0);

  const secretRounds = new Set<number | undefined>();
  let accountsWithoutSecrets = 0;
  for (const account of accounts) {
    const values = WRITER_SECRET_KINDS.map(({ targetId, kind }) => {
      const value = vault.readSecret({ accountId: account.id, targetId, kind });
      return value === undefined ? undefined : roundOfSecretValue(value, account.id, kind);
    });
    if (values.every((value) => value === undefined)) {
      accountsWithoutSecrets += 1;
    } else {
      values.forEach((value) => secretRounds.add(value));
    }
  }
  // A round deletes at most one account's secrets before writing them all again.
  expect(accountsWithoutSecrets).toBeLessThanOrEqual(1);
  expect(secretRounds.size).toBe(1);
  const [accountsRound] = accountRounds;
  const [secretsRound] = secretRounds;
  if (accountsRound === undefined || secretsRound === undefined) {
    throw new Error('Unreachable: sizes were checked.');
  }
  // Accounts of round n are saved before the secrets of round n.
  expect([accountsRound - 1, accountsRound]).toContain(secretsRound);
  return { accountsRound, secretsRound };
}

async function runLane(lane: number, kills: number): Promise<{ midWrite: number }> {
  const directory = join(root, `lane-${lane}`);
  const key = randomBytes(32);
  let previous: Observed = { accountsRound: 0, secretsRound: 0 };
  let midWrite = 0;
  for (let kill = 0; kill < kills; kill += 1) {
    const child = startWriter(directory, key);
    const firstRound = await ready(child);
    await delay(randomInt(20, 201));
    expect(await killed(child)).toBe('SIGKILL');

    const names = await readdir(directory);
    if (names.some((name) => name.includes('.tmp-'))) midWrite += 1;
    const observed = inspect(directory, key);
    expect(observed.accountsRound).toBeGreaterThanOrEqual(firstRound);
    expect(observed.secretsRound).toBeGreaterThanOrEqual(firstRound);
    expect(observed.accountsRound).toBeGreaterThanOrEqual(previous.accountsRound);
    expect(observed.secretsRound).toBeGreaterThanOrEqual(previous.secretsRound);
    previous = observed;
  }
  return { midWrite };
}

describe('vault under kill -9', () => {
  it(`opens whole after ${KILLS} SIGKILLs of a writer at random moments`, async () => {
    const started = Date.now();
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, lane) => runLane(lane, Math.ceil(KILLS / LANES))),
    );
    const midWrite = lanes.reduce((sum, lane) => sum + lane.midWrite, 0);
    console.info(
      `vault-crash: ${LANES * Math.ceil(KILLS / LANES)} kills in ${Date.now() - started} ms; ` +
        `${midWrite} left a temporary file behind (killed between creating it and the rename)`,
    );
    // Most of a round is spent writing; if no kill ever landed mid-write, the test proved little.
    expect(midWrite).toBeGreaterThan(0);
  }, 120_000);
});
