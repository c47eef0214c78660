import { processOutput } from './output';
import { run } from './run';

/**
 * The `tokendock` command: a small client of a running TokenDock's local endpoint. It never
 * loads the engine, openid-client, zod or the vault (scripts/build-cli.mjs bundles it alone).
 */
void run(process.argv.slice(2), processOutput).then((code) => {
  if (code === undefined) return;
  // Exit as soon as the output is out: nothing else is left to do, and waiting costs time.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
