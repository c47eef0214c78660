// Builds what Electron loads: the main process (ESM), the renderer (React, Vite) into out/.
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'out');
await rm(out, { recursive: true, force: true });

/** The renderer: a static bundle loaded from the app, relative paths. */
export const rendererConfig = {
  configFile: false,
  root: join(root, 'renderer'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: join(out, 'renderer'),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: false,
  },
};

await build(rendererConfig);

// The main process: Node ESM; dependencies stay in node_modules (electron-builder packs them).
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'main', 'index.ts'),
    outDir: join(out, 'main'),
    target: 'node22',
    sourcemap: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});
console.log('Built out/main and out/renderer.');
