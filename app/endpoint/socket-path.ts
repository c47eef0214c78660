import { homedir, userInfo } from 'node:os';
import { join, posix, win32 } from 'node:path';

/**
 * Where the local endpoint of a TokenDock host listens, and where the `tokendock` command looks
 * for it. The one place these rules live: the hosts and the command both import this module, which
 * uses nothing but `node:os` and `node:path` so the command stays small.
 */

/** The environment variables the rules read (a subset of `process.env`). */
export type PathEnv = Readonly<Record<string, string | undefined>>;

/** What the rules depend on besides the environment; tests pass their own. */
export interface PathPlatform {
  platform: NodeJS.Platform;
  home: string;
  /** The user's login name (part of the Windows pipe name). */
  user: string;
}

/** The product name Electron puts after the application data folder (`productName`). */
const PRODUCT_FOLDER = 'TokenDock';
/** The headless host's own folder beside the desktop app's (its secrets are sealed differently). */
const SERVE_FOLDER = 'tokendock-serve';
/** The socket's file name inside a data folder. */
export const SOCKET_FILE = 'tokendock.sock';

/** This process's platform, home folder and user name. */
export function currentPlatform(): PathPlatform {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): fall back to the variables.
    user = process.env.USER ?? process.env.USERNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { platform: process.platform, home: homedir(), user };
}

/**
 * Electron's `appData` folder (`app.getPath('appData')`): `%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or `~/.config` elsewhere
 * (XDG Base Directory Specification).
 */
export function appDataBase(env: PathEnv = process.env, os: PathPlatform = currentPlatform()) {
  switch (os.platform) {
    case 'win32':
      return env.APPDATA || win32.join(os.home, 'AppData', 'Roaming');
    case 'darwin':
      return posix.join(os.home, 'Library', 'Application Support');
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      // The specification ignores a relative XDG_CONFIG_HOME.
      return xdg && xdg.startsWith('/') ? xdg : posix.join(os.home, '.config');
    }
  }
}

/**
 * The desktop app's data folder (Electron's `userData`): `TOKENDOCK_USER_DATA` when set (as the
 * app honours it), else `<appData>/TokenDock`.
 */
export function desktopDataDirectory(
  env: PathEnv = process.env,
  os: PathPlatform = currentPlatform(),
): string {
  const override = env.TOKENDOCK_USER_DATA;
  if (override) return override;
  return pathFor(os).join(appDataBase(env, os), PRODUCT_FOLDER);
}

/** The headless host's (`tokendock serve`) default data folder: `<appData>/tokendock-serve`. */
export function serveDataDirectory(
  env: PathEnv = process.env,
  os: PathPlatform = currentPlatform(),
): string {
  return pathFor(os).join(appDataBase(env, os), SERVE_FOLDER);
}

/**
 * The endpoint of a host whose data folder is `dataDir`: `<dataDir>/tokendock.sock`, or on
 * Windows the named pipe `\\.\pipe\tokendock-<user>-<hash of dataDir>` (pipes live in their own
 * namespace; the hash keeps two data folders of one user apart).
 */
export function endpointPath(dataDir: string, os: PathPlatform = currentPlatform()): string {
  if (os.platform === 'win32') {
    const user = os.user.toLowerCase().replace(/[^\w.-]/g, '_');
    // Windows paths are case-insensitive: one folder, one pipe.
    return `\\\\.\\pipe\\tokendock-${user}-${fnv1a(win32.resolve(dataDir).toLowerCase())}`;
  }
  return join(dataDir, SOCKET_FILE);
}

/**
 * Where the command looks for a running host, in order: `TOKENDOCK_SOCKET` alone when set; else
 * the desktop app's endpoint (honouring `TOKENDOCK_USER_DATA`), then the headless host's.
 */
export function candidateSockets(
  env: PathEnv = process.env,
  os: PathPlatform = currentPlatform(),
): string[] {
  if (env.TOKENDOCK_SOCKET) return [env.TOKENDOCK_SOCKET];
  const desktop = endpointPath(desktopDataDirectory(env, os), os);
  const serve = endpointPath(serveDataDirectory(env, os), os);
  return desktop === serve ? [desktop] : [desktop, serve];
}

function pathFor(os: PathPlatform) {
  return os.platform === 'win32' ? win32 : posix;
}

/**
 * 64-bit FNV-1a of the UTF-16 code units, as 16 hex digits: a name, not a secret (who may open the
 * pipe is decided by its access control, not by its name).
 */
function fnv1a(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
