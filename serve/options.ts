/** What `tokendock serve` was asked for. */
export interface ServeOptions {
  /** The data folder; the headless host's own by default. */
  dataDirectory?: string;
  /** 127.0.0.1's port for the page; a free one by default. */
  port?: number;
  /** Open the page in the system browser: `auto` does where there is a desktop. */
  open: 'auto' | 'never';
}

/** `tokendock serve --help`. */
export const SERVE_USAGE = `Usage: tokendock serve [--data-dir DIR] [--port N] [--no-open]

Runs TokenDock without a desktop: the engine, the local endpoint for scripts, and the app's
window as a page on 127.0.0.1 for your browser. The page's address carries a secret made at
each start; it is printed, and opened in the browser where there is a desktop.

  --data-dir DIR  where accounts and tokens are kept (default: the headless host's own folder,
                  apart from the desktop app's, whose secrets Electron seals)
  --port N        the page's port on 127.0.0.1 (default: a free one)
  --no-open       print the address only
`;

/** Parses `serve`'s arguments; a string when they are wrong (said to the person as is). */
export function parseServeOptions(argv: readonly string[]): ServeOptions | { help: true } | string {
  const options: ServeOptions = { open: 'auto' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg];
    const value = () => inline ?? argv[(i += 1)];
    switch (name) {
      case '-h':
      case '--help':
        return { help: true };
      case '--no-open':
        options.open = 'never';
        break;
      case '--data-dir': {
        const dir = value();
        if (!dir) return '--data-dir needs a folder.';
        options.dataDirectory = dir;
        break;
      }
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!text || !Number.isInteger(port) || port < 0 || port > 65535)
          return `--port needs a port number (0–65535), not ${JSON.stringify(text ?? '')}.`;
        options.port = port;
        break;
      }
      default:
        return `Unknown option ${JSON.stringify(arg)}.`;
    }
  }
  return options;
}
