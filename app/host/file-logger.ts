import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock, type Logger } from '../ports';
import { redactFields, redactText } from './log-redaction';

type Level = keyof Logger;
const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];

export interface FileLoggerOptions {
  /** The app's logs folder (`app.getPath('logs')`). */
  directory: string;
  fileName?: string;
  /** Lowest level written; default `info`. */
  level?: Level;
  /** The file is moved to `<name>.1` when it grows past this; default 2 MB. */
  maxBytes?: number;
  clock?: Clock;
}

/** One JSON line: time (UTC ISO), level, message and fields, all redacted. */
export function formatLogLine(
  at: number,
  level: Level,
  message: string,
  fields?: Record<string, unknown>,
): string {
  const entry = {
    at: new Date(at).toISOString(),
    level,
    message: redactText(message),
    ...(fields ? { fields: redactFields(fields) } : {}),
  };
  return `${JSON.stringify(entry)}\n`;
}

/**
 * A logger that appends redacted JSON lines to `<directory>/tokendock.log` (0600), keeping one
 * rotated file. A log that cannot be written never breaks the app.
 */
export function createFileLogger(options: FileLoggerOptions): Logger & { readonly file: string } {
  const file = join(options.directory, options.fileName ?? 'tokendock.log');
  const minimum = LEVELS.indexOf(options.level ?? 'info');
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const clock = options.clock ?? systemClock;
  let ready = false;
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < minimum) return;
    try {
      if (!ready) {
        mkdirSync(options.directory, { recursive: true, mode: 0o700 });
        ready = true;
      }
      rotateIfLarge(file, maxBytes);
      appendFileSync(file, formatLogLine(clock.now(), level, message, fields), { mode: 0o600 });
    } catch {
      // Logging is best effort.
    }
  };
  return {
    file,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

function rotateIfLarge(file: string, maxBytes: number): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size < maxBytes) return;
  renameSync(file, `${file}.1`);
  try {
    chmodSync(`${file}.1`, 0o600);
  } catch {
    // Best effort.
  }
}
