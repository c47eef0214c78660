import { spawn } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { tokenDockError } from '../app/errors/tokendock-error';
import { isExternallyOpenable } from '../app/host/external-url';
import type { ExternalBrowser } from '../app/ports';

/** The command that hands a URL to the desktop's browser, or undefined where there is no desktop. */
export function browserCommand(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): { command: string; args: (url: string) => string[] } | undefined {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  // rundll32 passes the URL to the default handler without a shell to re-parse it (no `start`).
  if (platform === 'win32')
    return { command: 'rundll32', args: (url) => ['url.dll,FileProtocolHandler', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: (url) => [url] };
}

/**
 * The system browser of a plain-Node host: https pages (and loopback http) only, as in the
 * desktop app; opened with the desktop's own opener, no shell in between. Where there is no
 * desktop, or the opener fails, `unopened` is told the URL so the person can open it by hand.
 */
export function nodeExternalBrowser(options: {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  unopened: (url: string, reason: string) => void;
}): ExternalBrowser {
  const env = options.env ?? process.env;
  const opener = browserCommand(options.platform ?? process.platform, env);
  return {
    async open(url) {
      if (!isExternallyOpenable(url))
        throw tokenDockError(
          'invalid_configuration',
          'Only https pages (or the sandbox on 127.0.0.1) are opened in the browser.',
        );
      if (!opener) return options.unopened(url, 'there is no desktop to open a browser on');
      const failure = await runOpener(opener, url, env);
      if (failure) options.unopened(url, failure);
    },
  };
}

/**
 * Opens the page of the headless host through a file that only this user can read (0600, in the
 * 0700 data folder) and that forwards to `url`: the per-start secret in `url` must not stand on
 * an opener's or a browser's command line, which every local user can read (`/proc/<pid>/cmdline`).
 * Resolves false where there is no desktop or the opener failed.
 */
export async function openThroughFile(
  url: string,
  file: string,
  options: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {},
): Promise<boolean> {
  const env = options.env ?? process.env;
  const opener = browserCommand(options.platform ?? process.platform, env);
  if (!opener) return false;
  const attribute = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  await writeFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${attribute}"><title>TokenDock</title>` +
      `<p>Opening <a href="${attribute}">TokenDock</a>…</p>\n`,
    { mode: 0o600 },
  );
  await chmod(file, 0o600);
  return (await runOpener(opener, file, env)) === undefined;
}

/** How long an opener that has not ended yet is given before it counts as having opened. */
const OPENER_SETTLE_MS = 2_000;

/**
 * Runs the desktop's opener for `target` without a shell. Resolves undefined once it has ended
 * well, or is still running after a moment (some openers run the browser in the foreground until
 * it quits: nothing may wait for that), else why it failed.
 */
function runOpener(
  opener: NonNullable<ReturnType<typeof browserCommand>>,
  target: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args(target), {
      stdio: 'ignore',
      detached: true,
      env,
    });
    const settled = setTimeout(() => resolve(undefined), OPENER_SETTLE_MS);
    settled.unref();
    child.once('error', (error) => {
      clearTimeout(settled);
      resolve(error.message);
    });
    child.once('exit', (code) => {
      clearTimeout(settled);
      resolve(code ? `${opener.command} ended with ${code}` : undefined);
    });
    child.unref();
  });
}
