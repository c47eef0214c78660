import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Who is on the other end of a connection, as far as can be known.
 *
 * Node has no `SO_PEERCRED` (unix(7)) or `getpeereid` API, so the client declares its process id
 * in the request. On Linux the server looks that process up in `/proc`: when it exists and runs
 * as another user the request is refused; otherwise its executable is read from
 * `/proc/<pid>/exe`. The pid itself stays *as declared by the caller*: a program of this same user
 * could name another of its processes. Who may connect at all is decided by the socket's
 * permissions (0600 in a 0700 folder), not by this.
 */
export interface Caller {
  /** The declared process id, if the client sent one. */
  pid?: number;
  /** The process's executable (Linux, from `/proc/<pid>/exe`). */
  exe?: string;
  /** The process's real user id, where `/proc` says. */
  uid?: number;
  /**
   * `same-user`: the declared process exists and runs as this user; `other-user`: it runs as
   * another (refused); `unknown`: not declared, not visible here (another pid namespace), or not
   * checkable on this platform.
   */
  check: 'same-user' | 'other-user' | 'unknown';
}

/** Looks up the declared `pid` (Linux `/proc`; elsewhere only what was declared). */
export function identifyCaller(
  pid: number | undefined,
  options: { platform?: NodeJS.Platform; procRoot?: string; uid?: number } = {},
): Caller {
  if (pid === undefined) return { check: 'unknown' };
  const platform = options.platform ?? process.platform;
  const uid = options.uid ?? process.getuid?.();
  if (platform !== 'linux' || uid === undefined) return { pid, check: 'unknown' };
  const proc = `${options.procRoot ?? '/proc'}/${pid}`;
  let status: string;
  try {
    status = readFileSync(`${proc}/status`, 'utf8');
  } catch {
    return { pid, check: 'unknown' };
  }
  // "Uid:\t<real>\t<effective>\t<saved>\t<filesystem>" (proc(5)).
  const ids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  if (!ids) return { pid, check: 'unknown' };
  const real = Number(ids[1]);
  const effective = Number(ids[2]);
  const same = real === uid && effective === uid;
  let exe: string | undefined;
  try {
    exe = readlinkSync(`${proc}/exe`);
  } catch {
    // A process of another user (without privileges), or one that just ended.
  }
  return { pid, uid: real, ...(exe ? { exe } : {}), check: same ? 'same-user' : 'other-user' };
}

/**
 * The caller in words, for the Activity log: "Process 4242 (/usr/bin/node), as it declared". The
 * pid is always the caller's word: a program of this user can name another of its processes.
 */
export function describeCaller(caller: Caller): string {
  if (caller.pid === undefined) return 'A program that did not give its process id';
  const what = caller.exe ? ` (${caller.exe})` : '';
  return `Process ${caller.pid}${what}, as it declared`;
}
