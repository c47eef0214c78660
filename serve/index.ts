/**
 * `tokendock serve`: TokenDock without a desktop. The composition root of the headless host:
 * the keyring's cipher (or `basic_text`), the engine and its page on 127.0.0.1 (serve/host.ts),
 * and the local endpoint for scripts. Every decision lives in `app/`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EndpointStartError, startLocalEndpoint, serveDataDirectory } from '../app/endpoint';
import { openKeyringCipher } from '../app/keyring';
import { createFileLogger } from '../app/host/file-logger';
import { CipherLockedError, type Cipher } from '../app/ports';
import { VaultLockedError } from '../app/vault';
import { cipherForFolder } from './protection-record';
import { startServeHost } from './host';
import { parseServeOptions, SERVE_USAGE } from './options';
import { browserCommand, openThroughFile } from './system-browser';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
const SOURCE_PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** Runs the headless host until SIGINT or SIGTERM; resolves with the process's exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseServeOptions(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`tokendock serve: ${parsed}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if ('help' in parsed) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  // One folder, one keyring entry: `/srv/td`, `/srv/td/` and `./td` from /srv are the same.
  const dataDirectory = resolve(parsed.dataDirectory ?? serveDataDirectory());
  const logger = createFileLogger({
    directory: join(dataDirectory, 'logs'),
    level: process.env.TOKENDOCK_DEBUG ? 'debug' : 'info',
  });
  await mkdir(dataDirectory, { recursive: true, mode: 0o700 });
  const cipher = await cipherForFolder(
    dataDirectory,
    await openKeyringCipher({ service: 'TokenDock', account: dataDirectory, logger }),
  );
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let host;
  try {
    host = await startServeHost({
      dataDirectory,
      cipher,
      version: await appVersion(),
      logger,
      ...(parsed.port !== undefined ? { port: parsed.port } : {}),
      unopened: (url, reason) => say(`Open this page to sign in (${reason}):\n  ${url}`),
      // As in the desktop app: without its endpoint the host still runs, and says why.
      services: ({ engine, dispatcher }) =>
        startLocalEndpoint({
          directory: dataDirectory,
          engine,
          logger,
          enabled: () => engine.getSettings().localEndpoint,
          signIn: (accountId, hooks) => dispatcher.signIn(accountId, hooks),
        }).catch((error: unknown) => {
          if (!(error instanceof EndpointStartError)) throw error;
          say(`The tokendock command cannot reach this host: ${error.message}`);
          return { close: async () => undefined };
        }),
    });
  } catch (error) {
    if (error instanceof VaultLockedError) {
      say(`TokenDock is already running with ${dataDirectory}: ${error.message}`);
      return 1;
    }
    throw error;
  }

  process.stdout.write(`TokenDock is running at ${host.url}\n`);
  say(protectionLine(cipher));
  say(`Data: ${dataDirectory}. Stop with Ctrl+C.`);
  // Listening before the browser opens: an opener may run the browser in the foreground.
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  if (parsed.open === 'auto' && browserCommand(process.platform, process.env)) {
    void openThroughFile(host.url, join(dataDirectory, 'open.html')).then(
      (opened) => opened || say('Could not open a browser: open the address above.'),
      (error: unknown) => say(`Could not open a browser: ${String(error)}`),
    );
  }
  await stopped;
  say('Stopping: saving what is not on disk yet…');
  await host.close();
  return 0;
}

/** What protects the secrets at this start, in words. */
function protectionLine(cipher: Cipher): string {
  if (!cipher.isProtected)
    return 'No system keyring answered: secrets are kept in memory only and asked for again after a restart, unless you allow saving them unprotected in Settings.';
  let locked = false;
  try {
    cipher.encrypt('probe');
  } catch (error) {
    locked = error instanceof CipherLockedError;
  }
  return locked
    ? `The system keyring (${cipher.backend}) that holds this folder's key does not answer: its secrets stay sealed and untouched until TokenDock runs where the keyring does.`
    : `Secrets are sealed with a key kept in the system keyring (${cipher.backend}).`;
}

async function appVersion(): Promise<string> {
  for (const file of [PACKAGE_JSON, SOURCE_PACKAGE_JSON]) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text) return (JSON.parse(text) as { version: string }).version;
  }
  return '0.0.0';
}
