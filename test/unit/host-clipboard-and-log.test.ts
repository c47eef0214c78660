import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncClipboard } from '../../app/host/async-clipboard';
import { createFileLogger } from '../../app/host/file-logger';
import { REDACTED, redactFields, redactText } from '../../app/host/log-redaction';

/** Electron's asynchronous clipboard, in memory. */
function asyncClipboard() {
  const state = { text: '' };
  return {
    state,
    api: {
      readText: async () => state.text,
      writeText: async (text: string) => {
        state.text = text;
      },
    },
  };
}

describe('syncClipboard (engine port over Electron’s async clipboard)', () => {
  it('writes, and clears what we wrote', async () => {
    const c = asyncClipboard();
    const clipboard = syncClipboard(c.api);
    clipboard.writeText('token-1');
    expect(clipboard.readText()).toBe('token-1');
    clipboard.writeText('');
    await clipboard.settled();
    expect(c.state.text).toBe('');
  });

  it('never clears what the person copied since', async () => {
    const c = asyncClipboard();
    const clipboard = syncClipboard(c.api);
    clipboard.writeText('token-1');
    await clipboard.settled();
    c.state.text = 'something the person copied';
    // The engine's clear: it may still believe the token is there...
    if (clipboard.readText() === 'token-1') clipboard.writeText('');
    await clipboard.settled();
    // ...but the fresh read decides.
    expect(c.state.text).toBe('something the person copied');
    expect(clipboard.readText()).toBe('something the person copied');
  });

  it('reports failures instead of throwing', async () => {
    const errors: unknown[] = [];
    const clipboard = syncClipboard(
      {
        readText: async () => '',
        writeText: async () => {
          throw new Error('no display');
        },
      },
      (error) => errors.push(error),
    );
    clipboard.writeText('x');
    await clipboard.settled();
    expect(errors).toHaveLength(1);
  });
});

describe('log redaction', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';
  it('blanks JWTs, bearer credentials and secret query parameters', () => {
    expect(redactText(`got ${jwt} back`)).toBe(`got ${REDACTED} back`);
    expect(redactText('Authorization: Bearer abcdefghijklmnop')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redactText('http://127.0.0.1/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz')).toBe(
      `http://127.0.0.1/callback?code=${REDACTED}&state=xyz`,
    );
    expect(redactText('a=1&client_secret=hunter2&refresh_token=rt')).toBe(
      `a=1&client_secret=${REDACTED}&refresh_token=${REDACTED}`,
    );
  });

  it('blanks string values under secret-looking keys, keeps counts and flags', () => {
    expect(
      redactFields({
        accessToken: 'abc',
        clientSecret: 'def',
        password: 'p',
        code: 'c',
        nested: [{ refresh_token: 'r', note: jwt }],
        secrets: 3,
        secretsOnDisk: false,
        accounts: 2,
        directory: '/home/ada/.config/TokenDock/vault',
      }),
    ).toEqual({
      accessToken: REDACTED,
      clientSecret: REDACTED,
      password: REDACTED,
      code: REDACTED,
      nested: [{ refresh_token: REDACTED, note: REDACTED }],
      secrets: 3,
      secretsOnDisk: false,
      accounts: 2,
      directory: '/home/ada/.config/TokenDock/vault',
    });
  });
});

describe('createFileLogger', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('appends redacted JSON lines (0600), from the level up, and rotates', async () => {
    directory = await mkdtemp(join(tmpdir(), 'tokendock-log-'));
    const logs = join(directory, 'logs');
    const logger = createFileLogger({
      directory: logs,
      maxBytes: 400,
      clock: { now: () => Date.UTC(2026, 0, 1) },
    });
    logger.debug('hidden');
    logger.info('signed in', { refreshToken: 'rt-value', accounts: 1 });
    logger.warn('redirect http://127.0.0.1/callback?code=abc123&state=s');
    const lines = (await readFile(logger.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        at: '2026-01-01T00:00:00.000Z',
        level: 'info',
        message: 'signed in',
        fields: { refreshToken: REDACTED, accounts: 1 },
      },
      {
        at: '2026-01-01T00:00:00.000Z',
        level: 'warn',
        message: `redirect http://127.0.0.1/callback?code=${REDACTED}&state=s`,
      },
    ]);
    if (process.platform !== 'win32') expect((await stat(logger.file)).mode & 0o777).toBe(0o600);
    for (let i = 0; i < 10; i++) logger.error('x'.repeat(100));
    expect((await stat(`${logger.file}.1`)).size).toBeGreaterThan(0);
    expect((await stat(logger.file)).size).toBeLessThan(800);
  });
});
