// Builds what Electron loads into out/: the renderer (React, Vite) and the main process (ESM).
import { build } from 'vite';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'out');

await build({ configFile: join(root, 'vite.renderer.config.ts') });

// The main process: Node ESM; dependencies stay in node_modules (electron-builder packs them).
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'main', 'index.ts'),
    outDir: join(out, 'main'),
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});
console.log('Built out/main and out/renderer.');
