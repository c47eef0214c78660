import { existsSync } from 'node:fs';
import type { Context } from '../context';

/**
 * `tokendock serve`: hands over to the headless host, `out/serve/index.js` beside the command's
 * bundle (`out/cli/`), calling its exported `main(argv)`, which resolves with the exit code once
 * the host has stopped (or at once when it could not start).
 */
export async function serve(context: Context, args: string[]): Promise<number | undefined> {
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  // From the bundle (out/cli/tokendock.mjs) and from source (cli/commands/serve.ts).
  const candidates = ['../serve/index.js', '../../out/serve/index.js'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) {
    context.output.err(
      `tokendock: the headless host is not built (no ${candidates.at(-1)}); run "npm run build".\n`,
    );
    return 1;
  }
  const host = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    main?: (argv: string[]) => Promise<number>;
  };
  if (typeof host.main !== 'function') {
    context.output.err(`tokendock: ${file} exports no main(argv).\n`);
    return 1;
  }
  return await host.main(args);
}
