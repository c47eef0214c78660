#!/usr/bin/env node
// The `tokendock` command: the bundle scripts/build-cli.mjs makes from cli/.
try {
  await import('../out/cli/tokendock.mjs');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('tokendock.mjs'))
    throw error;
  process.stderr.write('tokendock: not built yet. Run "npm run build" (or "npm run build:cli").\n');
  process.exit(1);
}
