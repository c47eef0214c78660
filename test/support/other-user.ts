import { execFileSync } from 'node:child_process';

/** A second local user for "another user's process" tests, and how to run a command as it. */
export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
  /** `setpriv` arguments that run the rest of the command line as this user, no groups kept. */
  prefix: string[];
}

const NAME = 'tokendock-other';

/**
 * The user `tokendock-other`, created (no home folder, no login) when missing. Only root can do
 * this: otherwise, or without `useradd`/`setpriv`, the reason is returned instead.
 */
export function otherUser(): OtherUser | { unavailable: string } {
  if (process.platform !== 'linux') return { unavailable: 'needs Linux (setpriv, useradd)' };
  if (process.getuid?.() !== 0) return { unavailable: 'needs root to create and become a user' };
  try {
    try {
      execFileSync('id', ['-u', NAME], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['-M', '-r', '-s', '/usr/sbin/nologin', NAME], { stdio: 'ignore' });
    }
    const uid = Number(execFileSync('id', ['-u', NAME], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', NAME], { encoding: 'utf8' }).trim());
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return {
      name: NAME,
      uid,
      gid,
      prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'],
    };
  } catch (error) {
    return { unavailable: `could not set up ${NAME}: ${(error as Error).message}` };
  }
}
