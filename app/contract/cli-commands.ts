/**
 * The words that make a run of TokenDock a command for scripts rather than the app: the
 * `tokendock` command's subcommands. The packaged desktop binary is named `tokendock` on Linux
 * and has Electron's RunAsNode fuse off, so it answers these itself (main/cli-mode.ts).
 */
export const CLI_COMMANDS = [
  'list',
  'token',
  'exec',
  'kubectl',
  'refresh',
  'sign-in',
  'status',
  'serve',
  'help',
] as const;

export type CliCommand = (typeof CLI_COMMANDS)[number];

/**
 * The command-line arguments of a `tokendock <command> …` run of the desktop binary, or
 * undefined for a start of the app. `argv` is `process.argv`: the executable, then (unpackaged,
 * `electron .`) the app's folder, then the arguments. Only a known command as the first
 * argument counts; flags the app or Chromium are started with (`--hidden`, `--no-sandbox`) never
 * do, nor do `--help` or `--version`, which Electron's own binary answers in development.
 */
export function cliArgumentsOf(argv: readonly string[], packaged: boolean): string[] | undefined {
  const args = argv.slice(packaged ? 1 : 2);
  const first = args[0];
  return first !== undefined && (CLI_COMMANDS as readonly string[]).includes(first)
    ? [...args]
    : undefined;
}
