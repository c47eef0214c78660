import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Envelope, RequestOf } from '../../app/contract/channels';
import { launchChromium } from '../support/chromium';
import { signInAtSandbox } from '../support/person-at-sandbox';
import { ensureBuilt, headlessEnv, run, tokendock, type Running } from '../support/serve-process';

/**
 * TokenDock without a desktop, as a person starts it: `npm start` where Electron cannot be had,
 * and `tokendock serve`, both from the built out/, with no display, no keyring and its data in a
 * temporary home. The page is opened in Chromium; scripts use the built `tokendock` command.
 */
let home: string;
const started: Running[] = [];
beforeAll(async () => {
  ensureBuilt();
  home = await mkdtemp(join(tmpdir(), 'tokendock-serve-home-'));
}, 300_000);
afterAll(async () => {
  for (const process of started) if (process.child.exitCode === null) process.child.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

const RUNNING_AT = /TokenDock is running at (http:\/\/127\.0\.0\.1:\d+\/#([\w-]+))/;

describe('npm start without Electron', () => {
  it('says so in one line and runs TokenDock in the browser instead', async () => {
    const env = headlessEnv(home, { ELECTRON_OVERRIDE_DIST_PATH: join(home, 'no-electron') });
    const start = run(process.execPath, ['scripts/start.mjs', '--no-build'], env);
    started.push(start);
    const [, url] = await start.waitFor(RUNNING_AT);
    const lines = start.stderr().split('\n').filter(Boolean);
    expect(lines[0]).toMatch(
      /^Electron [\d.]+ cannot be had here \(.*no-electron.*\): starting TokenDock in your browser instead/,
    );
    expect(start.stderr()).toContain('No system keyring answered');

    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    // Its endpoint is where the command looks by default (the headless host's own folder).
    const status = tokendock(['status'], env);
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);

    start.child.kill('SIGINT');
    expect(await start.exited).toBe(0);
    await expect(
      stat(join(home, '.config', 'tokendock-serve', 'tokendock.sock')),
    ).rejects.toThrow();
    expect(tokendock(['status'], env).status).toBe(4);
  }, 120_000);

  it('with --desktop-only, says how to supply Electron and stops', async () => {
    const env = headlessEnv(home, { ELECTRON_OVERRIDE_DIST_PATH: join(home, 'no-electron') });
    const start = run(process.execPath, ['scripts/start.mjs', '--no-build', '--desktop-only'], env);
    started.push(start);
    expect(await start.exited).toBe(1);
    expect(start.stderr()).toContain('ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start');
    expect(start.stdout()).not.toMatch(RUNNING_AT);
  }, 60_000);
});

describe('tokendock serve', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the app to the page holding the secret, and tokens to scripts', async () => {
    const dataDir = join(home, 'serve-data');
    const env = headlessEnv(home);
    const serve = run(process.execPath, ['bin/tokendock.mjs', 'serve', '--data-dir', dataDir], env);
    started.push(serve);
    const [, url] = await serve.waitFor(RUNNING_AT);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'tokendock.sock'))).mode & 0o777).toBe(0o600);
    const scriptEnv = { ...env, TOKENDOCK_SOCKET: join(dataDir, 'tokendock.sock') };

    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(url!).origin,
    });
    try {
      const page = await context.newPage();
      await page.goto(url!);
      const invoke = <C extends Channel>(channel: C, request: RequestOf<C>) =>
        page.evaluate(
          ([name, payload]) =>
            (
              window as unknown as {
                tokendock: { invoke(c: string, p: unknown): Promise<Envelope<unknown>> };
              }
            ).tokendock.invoke(name, payload),
          [channel, request] as const,
        );
      const tried = (await invoke('sandbox:try', {})) as Envelope<{
        added: Array<{ id: string; name: string; targets: Array<{ id: string }> }>;
        users: Array<{ username: string; password: string }>;
      }>;
      expect(tried.ok).toBe(true);
      if (!tried.ok) return;
      const daemon = tried.value.added.find((a) => a.name === 'Sandbox · daemon (secret)')!;

      // A script gets the daemon's token through the endpoint.
      const token = tokendock(['token', 'Sandbox · daemon (secret)'], scriptEnv);
      expect(token.stderr).toBe('');
      expect(token.status).toBe(0);
      expect(decodeJwt(token.stdout.trim()).aud).toBe('api://tokendock-sandbox');

      // "Copy" in the page puts the token on the clipboard through the page itself.
      await page.bringToFront();
      const copied = await invoke('tokens:copy', {
        accountId: daemon.id,
        targetId: daemon.targets[0]!.id,
        format: 'raw',
      });
      expect(copied.ok).toBe(true);
      await expect
        .poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 })
        .toBe(token.stdout.trim());

      // The browser account signs in through the system browser here (there is no embedded
      // window). With no desktop to open it on, the host prints the page for the person.
      const browserAccount = tried.value.added.find((a) => a.name === 'Sandbox · browser sign-in')!;
      expect((browserAccount as unknown as { signInMode: string }).signInMode).toBe(
        'system-browser',
      );
      const signedIn = invoke('accounts:sign-in', { accountId: browserAccount.id });
      const [, signInUrl] = await serve.waitFor(
        /Open this page to sign in \([^)]*\):\n\s+(\S+)/,
        30_000,
        'stderr',
      );
      // The page says it too, as a notice (the host has no desktop notifications).
      await page.getByText('Open this page to sign in').first().waitFor({ timeout: 10_000 });
      const person = await browser.newContext();
      try {
        const login = await person.newPage();
        await login.goto(signInUrl!);
        await signInAtSandbox(login, tried.value.users[0]!);
        const result = (await signedIn) as Envelope<{ state: string }>;
        expect(result).toMatchObject({ ok: true, value: { state: 'valid' } });
      } finally {
        await person.close();
      }

      // The Activity log names the script's access.
      const activity = (await invoke('activity:list', {})) as Envelope<Array<{ kind: string }>>;
      expect(activity.ok && activity.value.some((entry) => entry.kind === 'local-access')).toBe(
        true,
      );
    } finally {
      await context.close();
    }

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toContain('Stopping');
  }, 120_000);

  it('refuses a second host on the same data folder', async () => {
    const dataDir = join(home, 'serve-data-2');
    const env = headlessEnv(home);
    const first = run(process.execPath, ['bin/tokendock.mjs', 'serve', '--data-dir', dataDir], env);
    started.push(first);
    await first.waitFor(RUNNING_AT);
    const second = tokendock(['serve', '--data-dir', dataDir], env);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/already running/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 120_000);
});
