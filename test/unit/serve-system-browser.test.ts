import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeExternalBrowser, openThroughFile } from '../../serve/system-browser';

/**
 * The headless host's system browser, with a stand-in `xdg-open` on the PATH that records its
 * arguments and ends as told (ENDING: an exit code, or "stay" for an opener that runs the
 * browser in the foreground).
 */
let dir: string;
const envWith = (ending: string): NodeJS.ProcessEnv => ({
  PATH: `${dir}:${process.env.PATH ?? ''}`,
  DISPLAY: ':0',
  ENDING: ending,
});
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokendock-opener-'));
  const opener = join(dir, 'xdg-open');
  await writeFile(
    opener,
    `#!/bin/sh\nprintf '%s\\n' "$@" >> "${dir}/args"\n[ "$ENDING" = stay ] && exec sleep 30\nexit "$ENDING"\n`,
  );
  await chmod(opener, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = async () => (await readFile(join(dir, 'args'), 'utf8')).trim().split('\n');

describe.skipIf(process.platform !== 'linux')('opening pages (Linux, xdg-open)', () => {
  it('hands the URL to the opener, and says when the opener fails', async () => {
    const unopened: string[] = [];
    const open = (ending: string) =>
      nodeExternalBrowser({
        platform: 'linux',
        env: envWith(ending),
        unopened: (_url, reason) => void unopened.push(reason),
      }).open('https://login.example.test/authorize?state=x');
    await open('0');
    expect((await args()).at(-1)).toBe('https://login.example.test/authorize?state=x');
    expect(unopened).toEqual([]);
    await open('3');
    expect(unopened).toEqual(['xdg-open ended with 3']);
  });

  it('never waits for a browser the opener keeps in the foreground', async () => {
    const started = Date.now();
    await nodeExternalBrowser({
      platform: 'linux',
      env: envWith('stay'),
      unopened: () => undefined,
    }).open('https://login.example.test/');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('opens the host’s page through a file only this user reads: the secret is on no command line', async () => {
    const file = join(dir, 'open.html');
    const url = 'http://127.0.0.1:1/#the-secret';
    expect(await openThroughFile(url, file, { platform: 'linux', env: envWith('0') })).toBe(true);
    expect((await args()).at(-1)).toBe(file);
    expect((await args()).join('\n')).not.toContain('the-secret');
    expect(await readFile(file, 'utf8')).toContain(`url=${url}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
