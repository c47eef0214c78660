import type { App } from 'electron';
import { processOutput } from '../cli/output';
import { run } from '../cli/run';

/**
 * `tokendock <command>` answered by the desktop binary itself: the packaged app has the RunAsNode
 * fuse off, so it cannot run the command's bundle as Node would; it runs the same code in its
 * main process instead (Node's APIs are there), with no window, no single-instance lock and no
 * dock icon, and exits with the command's code (docs/api/app.md: `app.exit(exitCode)` quits at
 * once, without `before-quit`/`will-quit`). Output goes to the process's stdout and stderr.
 */
export async function runCommandLine(app: App, args: string[]): Promise<void> {
  app.dock?.hide();
  let code: number | undefined;
  try {
    code = await run(args, processOutput);
  } catch (error) {
    process.stderr.write(`tokendock: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  app.exit(code ?? 0);
}
