import { readFileSync } from 'node:fs';

/** Replaced by the package's version when the command is bundled (scripts/build-cli.mjs). */
declare const __TOKENDOCK_VERSION__: string | undefined;

/** The package's version: baked into the bundle; read from package.json when run from source. */
export function version(): string {
  if (typeof __TOKENDOCK_VERSION__ === 'string') return __TOKENDOCK_VERSION__;
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
