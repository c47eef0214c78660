import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrayStatus } from '../../app/contract/channels';
import {
  parseNameHasOwnerReply,
  STATUS_NOTIFIER_WATCHER,
  trayStatus,
  type BusAnswer,
} from '../../app/tray/host';

/** Runs a command and resolves with its standard output; rejects on failure or timeout. */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<string>;

/** How long the bus may take to answer (it answers in milliseconds when it is there). */
const TIMEOUT_MS = 1500;

/** `NameHasOwner(org.kde.StatusNotifierWatcher)` on the session bus, with `dbus-send`. */
export const NAME_HAS_OWNER_COMMAND = {
  file: 'dbus-send',
  args: [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${STATUS_NOTIFIER_WATCHER}`,
  ],
} as const;

/**
 * Runs the command, unless there is no session bus to ask (no `DBUS_SESSION_BUS_ADDRESS` and no
 * `$XDG_RUNTIME_DIR/bus`): then `dbus-send` would try to start a bus of its own.
 */
export const runCommand: CommandRunner = (file, args, { timeoutMs }) =>
  new Promise((resolve, reject) => {
    const runtime = process.env.XDG_RUNTIME_DIR;
    if (!process.env.DBUS_SESSION_BUS_ADDRESS && !(runtime && existsSync(join(runtime, 'bus')))) {
      reject(new Error('no session bus'));
      return;
    }
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new Error(`${file} is not installed`));
        if (error.killed) return reject(new Error(`no answer within ${timeoutMs} ms`));
        reject(new Error(stderr.trim().split('\n')[0] || error.message));
      },
    );
  });

/**
 * Where the bus is asked from: `runCommand`, or in tests the fake's session bus
 * (test/electron/fake/tray.ts answers from its "StatusNotifierItem host" switch).
 */
export const statusNotifierProbe: { run: CommandRunner } = { run: runCommand };

/**
 * Whether a tray icon can be seen here (`app/tray/host.ts` decides from the answer). Linux only
 * asks the session bus; never rejects.
 */
export async function detectTrayHost(
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = statusNotifierProbe.run,
): Promise<TrayStatus> {
  if (platform !== 'linux') return trayStatus(platform);
  let answer: BusAnswer;
  try {
    const stdout = await run(NAME_HAS_OWNER_COMMAND.file, NAME_HAS_OWNER_COMMAND.args, {
      timeoutMs: TIMEOUT_MS,
    });
    const hasOwner = parseNameHasOwnerReply(stdout);
    answer =
      hasOwner === undefined
        ? { kind: 'error', message: 'the bus gave no yes or no' }
        : { kind: 'answer', hasOwner };
  } catch (error) {
    answer = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  return trayStatus(platform, answer);
}
