import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointEnvelope, EndpointLine } from '../../app/contract/endpoint';
import {
  candidateSockets,
  desktopDataDirectory,
  endpointPath,
  EndpointStartError,
  serveDataDirectory,
  startLocalEndpoint,
} from '../../app/endpoint';
import { passwordAccount } from '../support/engine-harness';
import { startEndpointHost, rawRequest, type EndpointHost } from '../support/endpoint-host';
import { otherUser } from '../support/other-user';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

let f: Fixture;
let host: EndpointHost;
let adaId: string;

beforeAll(async () => {
  f = await startFixture({ browser: false });
  host = await startEndpointHost(f);
  const ada = await host.harness.engine.addAccount(passwordAccount(f.sandbox, 'Ada'));
  adaId = ada.id;
  await host.harness.engine.signIn(ada.id, { password: f.sandbox.users[0]!.password });
});
afterAll(async () => {
  await host?.close();
  await f?.close();
});

const request = (body: object) => `${JSON.stringify(body)}\n`;
const envelopeOf = (lines: EndpointLine[]): EndpointEnvelope<unknown> => {
  const last = lines.at(-1);
  if (!last || !('envelope' in last)) throw new Error(`no envelope in ${JSON.stringify(lines)}`);
  return last.envelope;
};
/** Everything that a request could change: accounts and targets, and requests to the provider. */
const snapshot = () => ({
  accounts: host.harness.engine.listAccounts().map((a) => ({
    id: a.id,
    name: a.name,
    state: a.state,
    hasRefreshToken: a.hasRefreshToken,
    // Expiry times are recomputed from the clocks at every read: compare what was received.
    targets: a.targets.map((t) => [t.id, t.label, t.state, t.acquiredOn, t.lastError?.code]),
  })),
  settings: host.harness.engine.getSettings(),
  providerRequests: host.harness.wire.requests.length,
});
const localAccess = () => host.harness.engine.activity().filter((e) => e.kind === 'local-access');
/** The newest `local-access` entry (the log lists the newest first). */
const latestAccess = () => localAccess()[0]!;

describe('the local endpoint: folder and socket', () => {
  it('creates the folder 0700 and the socket 0600', () => {
    expect(statSync(host.dataDir).mode & 0o777).toBe(0o700);
    const socket = statSync(host.endpoint.path);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect(host.endpoint.path).toBe(join(host.dataDir, 'tokendock.sock'));
  });

  it('refuses to start in a folder others can write, and puts no socket there', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tokendock-endpoint-open-'));
    try {
      for (const mode of [0o777, 0o770, 0o702]) {
        chmodSync(parent, mode);
        const error = await startLocalEndpoint({
          directory: parent,
          engine: host.harness.engine,
          signIn: () => Promise.reject(new Error('not used')),
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EndpointStartError);
        expect((error as EndpointStartError).problem).toBe('insecure_folder');
        expect(existsSync(join(parent, 'tokendock.sock'))).toBe(false);
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('replaces the socket a dead process left, and refuses while a live one answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendock-endpoint-stale-'));
    const path = join(dir, 'tokendock.sock');
    try {
      // A process that listens and dies without cleaning up leaves its socket file behind.
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [
          '-e',
          `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
        ]);
        child.once('exit', () => resolve());
      });
      expect(statSync(path).isSocket()).toBe(true);
      const options = {
        directory: dir,
        engine: host.harness.engine,
        signIn: () => Promise.reject(new Error('not used')),
      };
      const first = await startLocalEndpoint(options);
      try {
        const answer = await rawRequest(path, request({ v: 1, channel: 'list', payload: {} }));
        expect(envelopeOf(answer.lines).ok).toBe(true);
        const second = await startLocalEndpoint(options).catch((e: unknown) => e);
        expect((second as EndpointStartError).problem).toBe('already_running');
        // The first one still answers.
        const again = await rawRequest(path, request({ v: 1, channel: 'list', payload: {} }));
        expect(envelopeOf(again.lines).ok).toBe(true);
      } finally {
        await first.close();
      }
      expect(existsSync(path)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never deletes a file that is not a socket', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendock-endpoint-file-'));
    try {
      writeFileSync(join(dir, 'tokendock.sock'), 'keep me');
      const error = await startLocalEndpoint({
        directory: dir,
        engine: host.harness.engine,
        signIn: () => Promise.reject(new Error('not used')),
      }).catch((e: unknown) => e);
      expect((error as EndpointStartError).problem).toBe('not_a_socket');
      expect(statSync(join(dir, 'tokendock.sock')).isFile()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the local endpoint: requests', () => {
  it('answers a token request with the token, and logs who asked', async () => {
    const answer = await rawRequest(
      host.endpoint.path,
      request({ v: 1, channel: 'token', payload: { account: 'ad' }, pid: process.pid }),
    );
    const envelope = envelopeOf(answer.lines);
    expect(envelope.ok).toBe(true);
    const token = (envelope as { value: { accessToken: string; accountId: string } }).value;
    expect(token.accountId).toBe(adaId);
    expect(host.harness.wire.issued.map((i) => i.accessToken)).toContain(token.accessToken);
    expect(answer.closed).toBe(true);
    const entry = latestAccess();
    expect(entry.accountId).toBe(adaId);
    expect(entry.message).toContain(
      `Process ${process.pid} (${realpathSync(process.execPath)}), as it declared`,
    );
    expect(entry.message).toContain('got a token for Ada');
    expect(entry.message).not.toContain(token.accessToken);
  });

  it('sends no token on list and status', async () => {
    const tokens = host.harness.wire.issued.flatMap((i) => [i.accessToken, i.refreshToken]);
    for (const channel of ['list', 'status']) {
      const answer = await rawRequest(
        host.endpoint.path,
        request({ v: 1, channel, payload: {}, pid: process.pid }),
      );
      const text = JSON.stringify(answer.lines);
      expect(envelopeOf(answer.lines).ok).toBe(true);
      expect(text).toContain(adaId);
      for (const token of tokens) if (token) expect(text).not.toContain(token);
    }
  });

  it('says when the pid it was given cannot be checked', async () => {
    const answer = await rawRequest(
      host.endpoint.path,
      request({ v: 1, channel: 'list', payload: {}, pid: 2 ** 31 - 1 }),
    );
    expect(envelopeOf(answer.lines).ok).toBe(true);
    expect(latestAccess().message).toContain(`Process ${2 ** 31 - 1}, as it declared`);
  });

  const wouldAddTarget = {
    v: 1,
    channel: 'token',
    payload: { account: 'Ada', scopes: ['api.write'] },
    pid: process.pid,
  };

  it.each([
    ['not JSON', '{"v":1,"channel":"token",\n'],
    ['an unknown channel', request({ ...wouldAddTarget, channel: 'tokens:reveal' })],
    ['another protocol version', request({ ...wouldAddTarget, v: 2 })],
    [
      'an unknown field',
      request({ ...wouldAddTarget, payload: { ...wouldAddTarget.payload, x: 1 } }),
    ],
    [
      'a wrong type',
      request({ ...wouldAddTarget, payload: { account: 'Ada', scopes: 'api.write' } }),
    ],
    // Valid JSON and a valid request but for the whitespace: only the size cap refuses it.
    ['a request over 64 KiB', `${request(wouldAddTarget).slice(0, -2)}${' '.repeat(70_000)}}\n`],
  ])('refuses %s with invalid_request, closes, and changes nothing', async (what, bytes) => {
    const before = snapshot();
    const logged = localAccess().length;
    const answer = await rawRequest(host.endpoint.path, bytes);
    const envelope = envelopeOf(answer.lines);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(answer.lines).toHaveLength(1);
    expect(answer.closed).toBe(true);
    expect(snapshot()).toEqual(before);
    expect(localAccess().length).toBe(logged + 1);
    expect(latestAccess().message).toContain('refused (invalid_request)');
    if (what.includes('64 KiB'))
      expect(envelope).toMatchObject({ error: { message: expect.stringContaining('64 KiB') } });
  });

  it('the same request, well formed, does change something (so the refusals above are real)', async () => {
    const before = snapshot();
    const answer = await rawRequest(host.endpoint.path, request(wouldAddTarget));
    // api.write is outside Ada's grant: the target is added, and a sign-in is needed for it.
    expect(envelopeOf(answer.lines)).toMatchObject({
      ok: false,
      error: { code: 'consent_required', account: { id: adaId, name: 'Ada' } },
    });
    expect(snapshot()).not.toEqual(before);
    expect(host.harness.engine.getAccount(adaId).targets.map((t) => t.label)).toContain(
      'api.write',
    );
  });

  it('refuses every request while the setting is off, and answers again when it is on', async () => {
    await host.harness.engine.updateSettings({ localEndpoint: false });
    try {
      const before = snapshot();
      const answer = await rawRequest(
        host.endpoint.path,
        request({ v: 1, channel: 'token', payload: { account: 'Ada' }, pid: process.pid }),
      );
      expect(envelopeOf(answer.lines)).toMatchObject({
        ok: false,
        error: { code: 'endpoint_disabled' },
      });
      expect(JSON.stringify(answer.lines)).not.toMatch(/accessToken/);
      expect(snapshot()).toEqual(before);
      expect(latestAccess().message).toContain('refused (endpoint_disabled)');
    } finally {
      await host.harness.engine.updateSettings({ localEndpoint: true });
    }
    const answer = await rawRequest(
      host.endpoint.path,
      request({ v: 1, channel: 'list', payload: {} }),
    );
    expect(envelopeOf(answer.lines).ok).toBe(true);
  });

  it('times out a connection that never sends its request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendock-endpoint-idle-'));
    const endpoint = await startLocalEndpoint({
      directory: dir,
      engine: host.harness.engine,
      signIn: () => Promise.reject(new Error('not used')),
      requestTimeoutMs: 300,
    });
    try {
      const answer = await rawRequest(endpoint.path, '{"v":1', 5_000);
      expect(answer.closed).toBe(true);
      expect(envelopeOf(answer.lines)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    } finally {
      await endpoint.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the local endpoint: other users', () => {
  const other = otherUser();
  const unavailable = 'unavailable' in other ? other.unavailable : undefined;
  if (unavailable && process.env.CI)
    it('can run here (CI runs as root)', () => {
      throw new Error(`The other-user tests must run in CI: ${unavailable}`);
    });

  it.skipIf(unavailable !== undefined)(
    `refuses a connection from another user${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      if ('unavailable' in other) return;
      const before = snapshot();
      // The other user tries to connect as any program would.
      const script = `const s = require('net').connect(process.argv[1]);
s.on('connect', () => { s.write(process.argv[2]); s.on('data', (d) => process.stdout.write(d)); });
s.on('error', (e) => { process.stdout.write('ERROR ' + e.code); });`;
      const output = execFileSync(
        other.prefix[0]!,
        [
          ...other.prefix.slice(1),
          process.execPath,
          '-e',
          script,
          host.endpoint.path,
          request({ v: 1, channel: 'token', payload: { account: 'Ada' } }),
        ],
        { encoding: 'utf8' },
      );
      expect(output).toBe('ERROR EACCES');
      // Even with the folder opened up to it, the socket itself (0600) lets it in no further.
      chmodSync(host.dataDir, 0o711);
      try {
        const again = execFileSync(
          other.prefix[0]!,
          [
            ...other.prefix.slice(1),
            process.execPath,
            '-e',
            script,
            host.endpoint.path,
            request({ v: 1, channel: 'token', payload: { account: 'Ada' } }),
          ],
          { encoding: 'utf8' },
        );
        expect(again).toBe('ERROR EACCES');
      } finally {
        chmodSync(host.dataDir, 0o700);
      }
      expect(snapshot()).toEqual(before);
    },
  );

  it.skipIf(unavailable !== undefined)(
    `refuses a request naming a process of another user${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      if ('unavailable' in other) return;
      const sleeper = spawn(other.prefix[0]!, [...other.prefix.slice(1), 'sleep', '30']);
      try {
        await new Promise((r) => setTimeout(r, 200));
        // setpriv execs sleep in place: the pid is the other user's process.
        const status = readStatusUid(sleeper.pid!);
        expect(status).toBe(other.uid);
        const before = snapshot();
        const answer = await rawRequest(
          host.endpoint.path,
          request({ v: 1, channel: 'token', payload: { account: 'Ada' }, pid: sleeper.pid }),
        );
        expect(envelopeOf(answer.lines)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(snapshot()).toEqual(before);
        expect(latestAccess().message).toContain(`Process ${sleeper.pid}`);
        expect(latestAccess().message).toContain('refused (forbidden)');
      } finally {
        sleeper.kill();
      }
    },
  );
});

function readStatusUid(pid: number): number {
  const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

describe('where the endpoint is', () => {
  const linux = { platform: 'linux' as const, home: '/home/ada', user: 'ada' };
  const mac = { platform: 'darwin' as const, home: '/Users/ada', user: 'ada' };
  const windows = { platform: 'win32' as const, home: 'C:\\Users\\Ada', user: 'Ada' };

  it('follows Electron’s userData on each platform, and TOKENDOCK_USER_DATA', () => {
    expect(desktopDataDirectory({}, linux)).toBe('/home/ada/.config/TokenDock');
    expect(desktopDataDirectory({ XDG_CONFIG_HOME: '/xdg' }, linux)).toBe('/xdg/TokenDock');
    // A relative XDG_CONFIG_HOME is ignored (XDG Base Directory Specification).
    expect(desktopDataDirectory({ XDG_CONFIG_HOME: 'xdg' }, linux)).toBe(
      '/home/ada/.config/TokenDock',
    );
    expect(desktopDataDirectory({}, mac)).toBe('/Users/ada/Library/Application Support/TokenDock');
    expect(desktopDataDirectory({ APPDATA: 'C:\\Users\\Ada\\AppData\\Roaming' }, windows)).toBe(
      'C:\\Users\\Ada\\AppData\\Roaming\\TokenDock',
    );
    expect(desktopDataDirectory({ TOKENDOCK_USER_DATA: '/portable' }, linux)).toBe('/portable');
    expect(serveDataDirectory({}, linux)).toBe('/home/ada/.config/tokendock-serve');
    expect(serveDataDirectory({}, mac)).toBe(
      '/Users/ada/Library/Application Support/tokendock-serve',
    );
  });

  it('is a socket in the folder, or a per-user, per-folder pipe on Windows', () => {
    expect(endpointPath('/home/ada/.config/TokenDock', linux)).toBe(
      '/home/ada/.config/TokenDock/tokendock.sock',
    );
    const pipe = endpointPath('C:\\Users\\Ada\\AppData\\Roaming\\TokenDock', windows);
    expect(pipe).toMatch(/^\\\\\.\\pipe\\tokendock-ada-[0-9a-f]{16}$/);
    // The same folder in another case is the same pipe; another folder is another pipe.
    expect(endpointPath('c:\\users\\ada\\appdata\\roaming\\tokendock', windows)).toBe(pipe);
    expect(endpointPath('C:\\Portable\\TokenDock', windows)).not.toBe(pipe);
  });

  it('looks at TOKENDOCK_SOCKET alone, else the desktop app’s, then the headless host’s', () => {
    expect(candidateSockets({ TOKENDOCK_SOCKET: '/run/td.sock' }, linux)).toEqual(['/run/td.sock']);
    expect(candidateSockets({}, linux)).toEqual([
      '/home/ada/.config/TokenDock/tokendock.sock',
      '/home/ada/.config/tokendock-serve/tokendock.sock',
    ]);
    expect(candidateSockets({ TOKENDOCK_USER_DATA: '/portable' }, linux)).toEqual([
      '/portable/tokendock.sock',
      '/home/ada/.config/tokendock-serve/tokendock.sock',
    ]);
  });
});
