import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { daemonAccount, passwordAccount } from '../support/engine-harness';
import {
  runProcess,
  startEndpointHost,
  type EndpointHost,
  type Run,
} from '../support/endpoint-host';
import { execCredentialProblems } from '../support/exec-credential';
import { freePort } from '../support/free-port';
import { otherUser } from '../support/other-user';
import { enterDeviceCode } from '../support/person-at-sandbox';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tokendock.mjs');
const BUNDLE = join(ROOT, 'out', 'cli', 'tokendock.mjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

let f: Fixture;
let host: EndpointHost;
let scratch: string;
const ids: Record<string, string> = {};

/** Runs the built `tokendock` against the test host (or as `env` says). */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}, onStderr?: (text: string) => void) =>
  runProcess(process.execPath, [BIN, ...args], {
    env: { TOKENDOCK_SOCKET: host.endpoint.path, ...env },
    ...(onStderr ? { onStderr } : {}),
  });
const cachedToken = (account: string, target = 0) =>
  host.harness.engine.getToken(
    ids[account]!,
    host.harness.engine.getAccount(ids[account]!).targets[target]!.id,
  );
const expectOk = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
};

beforeAll(async () => {
  // The built command, as people run it.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  f = await startFixture({ deviceIntervalSeconds: 1 });
  host = await startEndpointHost(f);
  scratch = await mkdtemp(join(tmpdir(), 'tokendock-cli-'));
  const engine = host.harness.engine;
  const { downstream } = f.sandbox.resources;
  const ada = await engine.addAccount(passwordAccount(f.sandbox, 'Ada'));
  await engine.signIn(ada.id, { password: f.sandbox.users[0]!.password });
  ids.ada = ada.id;
  const daemonInput = daemonAccount(f.sandbox, 'Daemon');
  const daemon = await engine.addAccount({
    ...daemonInput,
    targets: [
      ...daemonInput.targets,
      { label: 'Downstream', target: { kind: 'resource', resource: downstream.identifier } },
    ],
  });
  await engine.signIn(daemon.id);
  ids.daemon = daemon.id;
  ids.grace = (await engine.addAccount(passwordAccount(f.sandbox, 'Grace', f.sandbox.users[1]))).id;
  // An app whose provider does not answer (nothing listens on that port).
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  ids.offline = (
    await engine.addAccount({
      ...daemonAccount(f.sandbox, 'Offline app'),
      authority: { kind: 'oidc', issuer: nowhere },
    })
  ).id;
  ids.device = (await engine.addAccount(deviceAccount())).id;
});
afterAll(async () => {
  await host?.close();
  await f?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A device-code account of the sandbox's native client for the API and the middle tier. */
function deviceAccount(): AccountInput {
  const { api, middleTier } = f.sandbox.resources;
  return {
    name: 'Ada device',
    authority: { kind: 'sandbox' },
    flow: 'device_code',
    clientId: f.sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    targets: [
      {
        label: 'API',
        target: { kind: 'resource', resource: api.identifier, scopes: ['api.read'] },
      },
      {
        label: 'Middle tier',
        target: { kind: 'resource', resource: middleTier.identifier, scopes: middleTier.scopes },
      },
    ],
  };
}

describe('tokendock: help and version', () => {
  it('prints its version and help, and exits 2 without a command', async () => {
    const v = await cli(['--version']);
    expectOk(v);
    expect(v.stdout).toBe(`${version}\n`);
    const help = await cli(['--help']);
    expectOk(help);
    expect(help.stdout).toContain('Usage: tokendock <command>');
    for (const command of ['list', 'token', 'exec', 'kubectl', 'refresh', 'sign-in', 'status']) {
      const own = await cli([command, '--help']);
      expectOk(own);
      expect(own.stdout).toContain(`Usage: tokendock ${command}`);
    }
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: tokendock <command>');
  });

  it('exits 2 on usage errors, saying what is wrong on stderr only', async () => {
    for (const args of [
      ['frobnicate'],
      ['token', 'Ada', '--format', 'xml'],
      ['token', 'Ada', '--target', 'API', '--scope', 'api.read'],
      ['token', 'Ada', '--min-validity', '-5'],
      ['token', 'Ada', '--no-such-option'],
      ['token', 'Ada', 'extra'],
      ['exec', 'Ada', 'node'],
      ['exec', 'Ada', '--'],
      ['exec', 'Ada', '--env', '1BAD', '--', 'true'],
      ['kubectl'],
      ['refresh'],
      ['sign-in'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^tokendock: /);
    }
  });
});

describe('tokendock token', () => {
  it('prints the cached token, raw by default, and nothing else', async () => {
    const run = await cli(['token', 'Ada']);
    expectOk(run);
    const cached = await cachedToken('ada');
    expect(run.stdout).toBe(`${cached.accessToken}\n`);
    expect(decodeJwt(cached.accessToken).aud).toBe(f.sandbox.resources.api.identifier);
  });

  it('prints the formats: header, json (as az does), env (for eval)', async () => {
    const { accessToken, expiresOn } = await cachedToken('ada');
    const header = await cli(['token', 'Ada', '--format', 'header']);
    expectOk(header);
    expect(header.stdout).toBe(`Authorization: Bearer ${accessToken}\n`);

    const json = await cli(['token', 'Ada', '--format', 'json']);
    expectOk(json);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(
      ['accessToken', 'expiresOn', 'expires_on', 'tenant', 'tokenType'].sort(),
    );
    expect(parsed).toMatchObject({ accessToken, tokenType: 'Bearer', tenant: f.sandbox.tenantId });
    expect(parsed.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(parsed.expires_on).toBe(Math.floor(expiresOn / 1000));
    expect(Math.abs(Date.parse(parsed.expiresOn as string) - expiresOn)).toBeLessThan(1000);

    // What a shell makes of --format env.
    const shell = await runProcess(
      'sh',
      [
        '-c',
        `eval "$("${process.execPath}" "${BIN}" token Ada --format env)" && printf '%s %s' "$TOKENDOCK_TOKEN" "$TOKENDOCK_EXPIRES_ON"`,
      ],
      { env: { TOKENDOCK_SOCKET: host.endpoint.path } },
    );
    expect(shell.code).toBe(0);
    expect(shell.stdout).toBe(`${accessToken} ${Math.floor(expiresOn / 1000)}`);
  });

  it('finds the account by id, by name in any case, by a unique prefix; exits 2 otherwise', async () => {
    const { accessToken } = await cachedToken('ada');
    for (const name of [ids.ada!, ids.ada!.slice(0, 8).toUpperCase(), 'ADA', 'ada']) {
      const run = await cli(['token', name]);
      expect(run.stdout, name).toBe(`${accessToken}\n`);
    }
    const device = await cli(['token', 'ada d']);
    // Found (it is not signed in yet: exit 3, not 2).
    expect(device.code).toBe(3);
    const ambiguous = await cli(['token', 'a']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain('Ada');
    expect(ambiguous.stderr).toContain('Ada device');
    const unknown = await cli(['token', 'zebra']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No account is called "zebra"');
    // Several accounts and none named: which one?
    const unnamed = await cli(['token']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('Daemon');
  });

  it('uses the only account when there is one, found in the headless host’s default folder', async () => {
    const config = join(scratch, 'config');
    mkdirSync(config, { recursive: true });
    const solo = await startEndpointHost(f, { dataDir: join(config, 'tokendock-serve') });
    try {
      const account = await solo.harness.engine.addAccount(daemonAccount(f.sandbox, 'Solo'));
      await solo.harness.engine.signIn(account.id);
      // No TOKENDOCK_SOCKET: the desktop's folder (empty here), then the headless host's.
      const run = await cli(['token'], {
        TOKENDOCK_SOCKET: '',
        TOKENDOCK_USER_DATA: join(scratch, 'no-desktop'),
        XDG_CONFIG_HOME: config,
      });
      expectOk(run);
      const expected = await solo.harness.engine.getToken(account.id, account.targets[0]!.id);
      expect(run.stdout).toBe(`${expected.accessToken}\n`);
    } finally {
      await solo.close();
    }
  });

  it('finds the desktop app’s endpoint through TOKENDOCK_USER_DATA', async () => {
    const run = await cli(['list', '--json'], {
      TOKENDOCK_SOCKET: '',
      TOKENDOCK_USER_DATA: host.dataDir,
    });
    expectOk(run);
    expect((JSON.parse(run.stdout) as Array<{ id: string }>).map((a) => a.id)).toContain(ids.ada);
  });

  it('picks a target by label, and refreshes first for --min-validity', async () => {
    const downstream = await cli(['token', 'Daemon', '--target', 'DOWN']);
    expectOk(downstream);
    expect(decodeJwt(downstream.stdout.trim()).aud).toBe(f.sandbox.resources.downstream.identifier);

    const grants = () => host.harness.wire.count('client_credentials');
    const before = grants();
    const cached = await cli(['token', 'Daemon']);
    expectOk(cached);
    expect(grants()).toBe(before);
    // The token lives an hour: asking for more than that makes a new one.
    const fresh = await cli(['token', 'Daemon', '--min-validity', '7200']);
    expectOk(fresh);
    expect(grants()).toBe(before + 1);
    expect(fresh.stdout).not.toBe(cached.stdout);
  });

  it('exits 3 for an account that needs a sign-in, naming the command', async () => {
    for (const args of [
      ['token', 'Grace'],
      ['refresh', 'grace'],
      ['kubectl', 'GRACE'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('tokendock sign-in Grace');
    }
  });

  it('exits 5 when the provider cannot be reached', async () => {
    const run = await cli(['token', 'Offline app']);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^tokendock: /);
  });

  it('exits 1, saying where to turn it on, while the endpoint is off in Settings', async () => {
    await host.harness.engine.updateSettings({ localEndpoint: false });
    try {
      const run = await cli(['token', 'Ada']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Settings › Command line');
    } finally {
      await host.harness.engine.updateSettings({ localEndpoint: true });
    }
  });
});

describe('tokendock exec and kubectl', () => {
  it('runs the command with the token in TOKENDOCK_TOKEN and exits with its code', async () => {
    const { accessToken } = await cachedToken('ada');
    const run = await cli([
      'exec',
      'Ada',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.TOKENDOCK_TOKEN ?? "none"); process.exit(7)',
    ]);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe(accessToken);
    const named = await cli([
      'exec',
      'Ada',
      '--env',
      'API_TOKEN',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(String(process.env.API_TOKEN) + " " + String(process.env.TOKENDOCK_TOKEN))',
    ]);
    expect(named.code).toBe(0);
    expect(named.stdout).toBe(`${accessToken} undefined`);
    const missing = await cli(['exec', 'Ada', '--', join(scratch, 'no-such-program')]);
    expect(missing.code).toBe(127);
  });

  it('passes a signal on to the command', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'exec',
        'Ada',
        '--',
        process.execPath,
        '-e',
        `process.on('SIGTERM', () => { process.stdout.write('got SIGTERM'); process.exit(9); });
         process.stderr.write('ready'); setInterval(() => {}, 1000);`,
      ],
      { env: { ...process.env, TOKENDOCK_SOCKET: host.endpoint.path } },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    await new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (c: string) => c.includes('ready') && resolve()),
    );
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('close', (c) => resolve(c)));
    expect(stdout).toBe('got SIGTERM');
    expect(code).toBe(9);
  });

  it('prints an ExecCredential that kubectl accepts', async () => {
    const run = await cli(['kubectl', 'Ada']);
    expectOk(run);
    const credential = JSON.parse(run.stdout) as {
      status: { token: string; expirationTimestamp: string };
    };
    expect(execCredentialProblems(credential)).toEqual([]);
    const { accessToken, expiresOn } = await cachedToken('ada');
    expect(credential.status.token).toBe(accessToken);
    expect(Math.abs(Date.parse(credential.status.expirationTimestamp) - expiresOn)).toBeLessThan(
      1000,
    );
    // The checker itself finds what is wrong.
    expect(execCredentialProblems({ ...credential, kind: 'Credential' })).not.toEqual([]);
    expect(
      execCredentialProblems({
        ...credential,
        status: { ...credential.status, expirationTimestamp: '29/11/2026' },
      }),
    ).not.toEqual([]);
  });
});

describe('tokendock list, status, refresh, sign-in', () => {
  it('lists the accounts, as text and as JSON, without tokens', async () => {
    const text = await cli(['list']);
    expectOk(text);
    for (const name of ['Ada', 'Ada device', 'Daemon', 'Grace', 'Offline app'])
      expect(text.stdout).toContain(name);
    const json = await cli(['list', '--json']);
    expectOk(json);
    const accounts = JSON.parse(json.stdout) as Array<{ id: string; name: string; state: string }>;
    expect(accounts.map((a) => a.id).sort()).toEqual(Object.values(ids).sort());
    expect(accounts.find((a) => a.id === ids.ada)?.state).toBe('valid');
    const { accessToken } = await cachedToken('ada');
    expect(json.stdout).not.toContain(accessToken);
  });

  it('shows the status of every account and target with its expiry', async () => {
    const { expiresOn } = await cachedToken('ada');
    const text = await cli(['status']);
    expectOk(text);
    expect(text.stdout).toContain('Downstream');
    expect(text.stdout).toContain(new Date(expiresOn).toISOString().slice(0, 16));
    const json = await cli(['status', '--json']);
    expectOk(json);
    const status = JSON.parse(json.stdout) as {
      accounts: Array<{ id: string; state: string; targets: Array<{ expiresOn?: number }> }>;
      host: { pid: number };
    };
    // This test process is the host.
    expect(status.host.pid).toBe(process.pid);
    const ada = status.accounts.find((a) => a.id === ids.ada)!;
    expect(Math.abs(ada.targets[0]!.expiresOn! - expiresOn)).toBeLessThan(1000);
    expect(status.accounts.find((a) => a.id === ids.grace)!.state).toBe(
      host.harness.engine.getAccount(ids.grace!).state,
    );
    expect(status.accounts.find((a) => a.id === ids.grace)!.state).not.toBe('valid');
  });

  it('refreshes an account now', async () => {
    const before = host.harness.wire.count('refresh_token');
    const old = await cachedToken('ada');
    const run = await cli(['refresh', 'Ada']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Refreshed Ada · API: valid');
    expect(host.harness.wire.count('refresh_token')).toBe(before + 1);
    expect((await cachedToken('ada')).accessToken).not.toBe(old.accessToken);
  });

  it('signs in with the device code shown on stderr, then acquires a new resource by refresh', async () => {
    const person = f.sandbox.users[0]!;
    let prompted = false;
    const run = await cli(['sign-in', 'Ada device'], {}, (stderr) => {
      const uri = /Open: (\S+)/.exec(stderr)?.[1];
      const code = /Code: (\S+)/.exec(stderr)?.[1];
      if (prompted || !uri || !code) return;
      prompted = true;
      void enterDeviceCode(f.browser, { verificationUri: uri, userCode: code }, person);
    });
    expect(run.stdout).toBe('');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Contacting the provider');
    expect(run.stderr).toContain(`Signed in Ada device as ${person.username}`);
    expect(host.harness.engine.getAccount(ids.device!).state).toBe('valid');

    // Edited down to the API alone: the refresh token's grant still covers the middle tier.
    const engine = host.harness.engine;
    const view = engine.getAccount(ids.device!);
    const input = deviceAccount();
    await engine.updateAccount(ids.device!, {
      ...input,
      targets: [{ ...input.targets[0]!, id: view.targets[0]!.id }],
    });
    expect(engine.getAccount(ids.device!).targets).toHaveLength(1);
    const refreshes = host.harness.wire.count('refresh_token');
    const { middleTier } = f.sandbox.resources;
    const acquired = await cli([
      'token',
      'ada device',
      '--resource',
      middleTier.identifier,
      '--scope',
      middleTier.scopes.join(' '),
      '--format',
      'json',
    ]);
    expectOk(acquired);
    const token = (JSON.parse(acquired.stdout) as { accessToken: string }).accessToken;
    expect(decodeJwt(token)).toMatchObject({ aud: middleTier.identifier, sub: person.sub });
    expect(host.harness.wire.count('refresh_token')).toBe(refreshes + 1);
    expect(engine.getAccount(ids.device!).targets).toHaveLength(2);
  });
});

describe('tokendock sign-in, cancelled', () => {
  it('cancels the sign-in when the command is interrupted', async () => {
    const child = spawn(process.execPath, [BIN, 'sign-in', 'Ada device'], {
      env: { ...process.env, TOKENDOCK_SOCKET: host.endpoint.path },
    });
    let stderr = '';
    await new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('Code: ')) resolve();
      }),
    );
    expect(host.harness.engine.getAccount(ids.device!).state).toBe('signing-in');
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('close', resolve));
    // The host saw the caller go and stopped waiting for the person.
    const deadline = Date.now() + 10_000;
    while (host.harness.engine.getAccount(ids.device!).state === 'signing-in') {
      if (Date.now() > deadline) throw new Error('the sign-in was not cancelled');
      await new Promise((r) => setTimeout(r, 50));
    }
    const entries = host.harness.engine.activity();
    expect(entries.find((e) => e.accountId === ids.device)?.kind).toBe('local-access');
    expect(entries.some((e) => e.kind === 'sign-in-cancelled' && e.accountId === ids.device)).toBe(
      true,
    );
  });
});

describe('tokendock without a running TokenDock', () => {
  it('exits 4 and says how to start it', async () => {
    const run = await cli(['token', 'Ada'], { TOKENDOCK_SOCKET: join(scratch, 'none.sock') });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('npm start');
    expect(run.stderr).toContain('tokendock serve');
    const defaults = await cli(['list'], {
      TOKENDOCK_SOCKET: '',
      TOKENDOCK_USER_DATA: join(scratch, 'nothing-here'),
      XDG_CONFIG_HOME: join(scratch, 'nothing-here-either'),
    });
    expect(defaults.code).toBe(4);
    expect(defaults.stderr).toContain(join(scratch, 'nothing-here', 'tokendock.sock'));
    expect(defaults.stderr).toContain(
      join(scratch, 'nothing-here-either', 'tokendock-serve', 'tokendock.sock'),
    );
  });

  it('says to build when the bundle is missing, and hands serve to the headless host', async () => {
    // A copy of the package's layout: bin/ and out/cli/, and a stand-in out/serve/index.js.
    const copy = join(scratch, 'package');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    copyFileSync(BIN, join(copy, 'bin', 'tokendock.mjs'));
    const unbuilt = await runProcess(process.execPath, [
      join(copy, 'bin', 'tokendock.mjs'),
      'list',
    ]);
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toContain('npm run build');

    mkdirSync(join(copy, 'out', 'cli'), { recursive: true });
    copyFileSync(BUNDLE, join(copy, 'out', 'cli', 'tokendock.mjs'));
    const noServe = await runProcess(process.execPath, [
      join(copy, 'bin', 'tokendock.mjs'),
      'serve',
    ]);
    expect(noServe.code).toBe(1);
    expect(noServe.stderr.trim().split('\n')).toHaveLength(1);
    expect(noServe.stderr).toContain(join(copy, 'out', 'serve', 'index.js'));

    mkdirSync(join(copy, 'out', 'serve'));
    writeFileSync(
      join(copy, 'out', 'serve', 'index.js'),
      'export async function main(argv) { process.stdout.write(JSON.stringify(argv)); }\n',
    );
    const served = await runProcess(process.execPath, [
      join(copy, 'bin', 'tokendock.mjs'),
      'serve',
      '--port',
      '0',
    ]);
    expect(served.code).toBe(0);
    expect(served.stdout).toBe('["--port","0"]');
  });
});

describe('tokendock as another user', () => {
  const other = otherUser();
  const unavailable = 'unavailable' in other ? other.unavailable : undefined;
  if (unavailable && process.env.CI)
    it('can run here (CI runs as root)', () => {
      throw new Error(`The other-user test must run in CI: ${unavailable}`);
    });

  it.skipIf(unavailable !== undefined)(
    `cannot open this user's endpoint${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      if ('unavailable' in other) return;
      const requests = host.harness.wire.requests.length;
      const run = await runProcess(
        other.prefix[0]!,
        [...other.prefix.slice(1), process.execPath, BIN, 'token', 'Ada'],
        { env: { TOKENDOCK_SOCKET: host.endpoint.path, HOME: scratch } },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('permission denied');
      expect(host.harness.wire.requests.length).toBe(requests);
    },
  );
});
