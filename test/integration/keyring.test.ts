/**
 * The keyring cipher of the headless host (`app/keyring/`) against a real freedesktop Secret
 * Service: Debian's gnome-keyring on a private session bus (test/support/secret-service.ts), each
 * step in a process of its own (test/support/keyring-child.ts). CI installs gnome-keyring
 * (.ci/run); without it the Secret Service tests skip on a developer machine and fail in CI. The
 * tests without a keyring need nothing installed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { valuesFoundIn } from '../support/vault-fixtures';
import {
  isolatedEnv,
  runKeyringChild,
  secretServiceMissing,
  startRetryingChild,
  startSecretService,
  type SecretServiceSession,
} from '../support/secret-service';

const missing = secretServiceMissing();
if (missing && process.env.CI) throw new Error(`CI must have a Secret Service: ${missing}`);
if (missing) console.warn(`Skipping Secret Service tests: ${missing}`);

const SERVICE = 'dev.tokendock.test';
const ACCOUNT = 'vault-key';
const KEY_TEXT = /^[A-Za-z0-9+/]{43}=$/;

const sessions: SecretServiceSession[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function secretService(options?: { unlocked?: boolean }): Promise<SecretServiceSession> {
  const session = await startSecretService(options);
  sessions.push(session);
  return session;
}

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tokendock-keyring-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return root;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe.skipIf(missing !== undefined)(
  'the keyring cipher on gnome-keyring (Secret Service)',
  () => {
    it('creates the vault key once and reuses it in a second process of the same session', async () => {
      const session = await secretService();
      const first = await runKeyringChild(['seal', SERVICE, ACCOUNT, 'first secret'], session.env);
      expect(first).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(first.error).toBeUndefined();
      expect(first.log.join('\n')).toContain('"created":true');

      const second = await runKeyringChild(
        ['open', SERVICE, ACCOUNT, first.sealed ?? ''],
        session.env,
      );
      expect(second).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(second.opened).toBe('first secret');
      expect(second.log.join('\n')).toContain('"created":false');

      // libsecret sees one item, under the service and account.
      const listed = await session.search(SERVICE);
      expect(listed).toContain(`attribute.service = ${SERVICE}`);
      expect(listed).toContain(`attribute.username = ${ACCOUNT}`);
      expect(listed.match(/^\[\//gm)).toHaveLength(1);
      const key = await session.lookup(SERVICE, ACCOUNT);
      expect(key).toMatch(KEY_TEXT);
      // The key is in no log line and no report.
      for (const report of [first, second]) expect(JSON.stringify(report)).not.toContain(key);
    });

    it('a vault opened with it keeps a client secret sealed on disk and reads it back in a new process', async () => {
      const session = await secretService();
      const directory = join(session.root, 'vault');
      const secret = 'client-secret-Xy9-never-in-plain';
      const written = await runKeyringChild(
        ['vault-write', SERVICE, ACCOUNT, directory, 'acct-1', secret],
        session.env,
      );
      expect(written.error).toBeUndefined();
      expect(written).toMatchObject({ isProtected: true, backend: 'secret-service' });
      // Every file the vault wrote, but its lock (removed at close).
      const files = (written.files ?? []).filter((file) => !file.endsWith('tokendock.lock'));
      expect(files.length).toBeGreaterThan(0);
      expect(await valuesFoundIn(files, [secret])).toEqual([]);
      const accountFile = files.find((file) => file.endsWith('acct-1.json'));
      expect(accountFile).toBeDefined();
      const stored = JSON.parse(await readFile(accountFile ?? '', 'utf8')) as {
        secrets?: Record<string, string>;
      };
      expect(Object.keys(stored.secrets ?? {})).toEqual(['*/client-secret']);

      const read = await runKeyringChild(
        ['vault-read', SERVICE, ACCOUNT, directory, 'acct-1'],
        session.env,
      );
      expect(read.error).toBeUndefined();
      expect(read.opened).toBe(secret);
      expect(read.problems).toEqual([]);
      expect(read.log.join('\n')).not.toContain(secret);
    });

    it('a locked keyring: sealing and opening throw CipherLockedError, still protected, key kept', async () => {
      const session = await secretService();
      const sealed = await runKeyringChild(
        ['seal', SERVICE, ACCOUNT, 'before the lock'],
        session.env,
      );
      expect(sealed.error).toBeUndefined();
      await session.lock();

      const seal = await runKeyringChild(['seal', SERVICE, ACCOUNT, 'while locked'], session.env);
      expect(seal).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(seal.error?.name).toBe('CipherLockedError');
      expect(seal.error?.message).toMatch(/locked or refused/);
      const open = await runKeyringChild(
        ['open', SERVICE, ACCOUNT, sealed.sealed ?? ''],
        session.env,
      );
      expect(open.error?.name).toBe('CipherLockedError');
      // No new key was made: still one item, and nobody said "created".
      for (const report of [seal, open]) expect(report.log.join('\n')).not.toContain('"created"');
      expect((await session.search(SERVICE)).match(/^\[\//gm)).toHaveLength(1);
    });

    it('unlocked later (gnome-keyring started again with its password): the next call in the same process finds the same key', async () => {
      const session = await secretService();
      const before = await runKeyringChild(
        ['seal', SERVICE, ACCOUNT, 'sealed before'],
        session.env,
      );
      expect(before.error).toBeUndefined();
      await session.lock();

      const child = startRetryingChild(
        [SERVICE, ACCOUNT, 'sealed after', before.sealed ?? ''],
        session.env,
      );
      await child.waiting;
      await session.restartUnlocked(SERVICE, ACCOUNT);
      child.go();
      const report = await child.report;
      expect(report.error).toBeUndefined();
      expect(report).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(report.firstError?.name).toBe('CipherLockedError');
      expect(report.sealed).toBeDefined();
      expect(report.attempts).toBeGreaterThanOrEqual(1);
      // The same key as before the lock: what was sealed then opens now.
      expect(report.opened).toBe('sealed before');
      expect(report.log.join('\n')).toContain('"created":false');
    });

    it('a keyring with no unlocked collection cannot store a key: locked, never basic_text', async () => {
      const session = await secretService({ unlocked: false });
      const report = await runKeyringChild(
        ['seal', SERVICE, ACCOUNT, 'nowhere to go'],
        session.env,
      );
      expect(report).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(report.error?.name).toBe('CipherLockedError');
    });

    it('a damaged key is reported and never replaced', async () => {
      const session = await secretService();
      await session.store(SERVICE, ACCOUNT, 'not-a-key');
      const report = await runKeyringChild(['seal', SERVICE, ACCOUNT, 'anything'], session.env);
      expect(report).toMatchObject({ isProtected: true, backend: 'secret-service' });
      expect(report.error?.name).toBe('CipherLockedError');
      expect(report.error?.message).toMatch(/cannot be used .*not replaced/);
      expect(report.log.join('\n')).toMatch(
        /^error keyring: the key in the OS keyring is damaged/m,
      );
      expect(await session.lookup(SERVICE, ACCOUNT)).toBe('not-a-key');
    });
  },
);

// D-Bus is how Linux reaches a keyring; elsewhere (Keychain, Credential Manager) there is no bus to take away.
describe.skipIf(process.platform !== 'linux')('the keyring cipher with no keyring', () => {
  it('no session bus: basic_text, unprotected, within a bounded time', async () => {
    const root = await tempRoot();
    const env = await isolatedEnv(root, {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-bus')}`,
    });
    const times: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const report = await runKeyringChild(['seal', SERVICE, ACCOUNT, 'in memory only'], env);
      expect(report).toMatchObject({ isProtected: false, backend: 'basic_text' });
      expect(report.error).toBeUndefined();
      expect(report.log.join('\n')).toMatch(/no OS keyring answered.*Failed to connect/);
      times.push(report.openMs);
    }
    console.info(
      `keyring probe without a bus: ${times.join(', ')} ms (median ${median(times)} ms)`,
    );
    // Judged by the failure itself, well before the probe's 5 s limit.
    expect(median(times)).toBeLessThan(2_500);
  });

  it('a bus that never answers: basic_text once the probe time limit has passed, no hang', async () => {
    const root = await tempRoot();
    const socket = join(root, 'silent-bus');
    // Accepts connections and never says a word (not even the D-Bus authentication).
    const connections = new Set<Socket>();
    const server: Server = createServer((connection) => {
      connections.add(connection);
      connection.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          for (const connection of connections) connection.destroy();
          server.close(() => resolve());
        }),
    );
    const env = await isolatedEnv(root, { DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` });
    const report = await runKeyringChild(['seal', SERVICE, ACCOUNT, 'in memory only', '1500'], env);
    expect(report).toMatchObject({ isProtected: false, backend: 'basic_text' });
    expect(report.log.join('\n')).toContain('no keyring answered within 1500 ms');
    expect(report.openMs).toBeGreaterThanOrEqual(1_400);
    expect(report.openMs).toBeLessThan(5_000);
  });
});
