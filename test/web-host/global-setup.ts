import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../../vite.renderer.config.ts', import.meta.url));

/**
 * Playwright's globalSetup: builds the production renderer bundle into `out/renderer` once per
 * run (Vite's build API with `vite.renderer.config.ts`), which every web host then serves.
 */
export default async function buildRenderer(): Promise<void> {
  await build({ configFile: CONFIG, mode: 'production' });
}
