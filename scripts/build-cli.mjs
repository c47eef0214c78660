// Builds the `tokendock` command: cli/index.ts bundled with everything it imports into one
// minified ES module, out/cli/tokendock.mjs, Node built-ins left external. It must stay small and
// quick to start (it never loads the engine, openid-client, zod or the vault), so the build
// fails when any of them shows up in the bundle.
import { build } from 'vite';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'out', 'cli');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  define: { __TOKENDOCK_VERSION__: JSON.stringify(version) },
  ssr: { noExternal: true, external: builtins },
  build: {
    ssr: join(root, 'cli', 'index.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    sourcemap: false,
    rolldownOptions: {
      external: builtins,
      output: { format: 'es', entryFileNames: 'tokendock.mjs', codeSplitting: false },
    },
  },
});

const bundle = join(outDir, 'tokendock.mjs');
const text = readFileSync(bundle, 'utf8');
// Markers of what must never be in the command (the engine, openid-client/oauth4webapi, zod).
for (const [what, marker] of [
  ['zod', '$ZodType'],
  ['openid-client', 'oauth4webapi'],
  ['the engine', 'RefreshScheduler'],
]) {
  if (text.includes(marker)) throw new Error(`out/cli/tokendock.mjs contains ${what}.`);
}
console.log(`Built out/cli/tokendock.mjs (${(statSync(bundle).size / 1024).toFixed(1)} KiB).`);
