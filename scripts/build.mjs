// Builds into out/ what Electron loads: the renderer (React, Vite), the main process (ESM), the
// preload (CommonJS: sandboxed preloads cannot be ES modules) and the icons the app shows; and
// what runs without Electron: the headless host (`tokendock serve`) and the `tokendock` command.
import { build } from 'vite';
import { copyFileSync, mkdirSync } from 'node:fs';
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

// The preload: one CommonJS file with everything bundled except `electron`, which a sandboxed
// preload gets from Electron itself.
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  ssr: { noExternal: true, external: ['electron'] },
  build: {
    ssr: join(root, 'main', 'preload.ts'),
    outDir: join(out, 'preload'),
    emptyOutDir: true,
    target: 'chrome140',
    minify: true,
    sourcemap: false,
    rolldownOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'preload.cjs', codeSplitting: false },
    },
  },
});

// The headless host: plain Node ESM, dependencies from node_modules as for the main process.
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'serve', 'index.ts'),
    outDir: join(out, 'serve'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});

// The `tokendock` command: one small bundle of its own (scripts/build-cli.mjs).
await import('./build-cli.mjs');

// Icons the running app shows (window, tray); made from build/icon.svg by scripts/icons.mjs.
const icons = join(out, 'icons');
mkdirSync(icons, { recursive: true });
const iconFiles = {
  'icon.png': '512x512.png',
  'tray.png': 'tray.png',
  'tray@2x.png': 'tray@2x.png',
  'tray-attention.png': 'tray-attention.png',
  'tray-attention@2x.png': 'tray-attention@2x.png',
  // macOS menu-bar template images (black and transparent; the system tints them).
  'trayTemplate.png': 'trayTemplate.png',
  'trayTemplate@2x.png': 'trayTemplate@2x.png',
  'tray-attentionTemplate.png': 'tray-attentionTemplate.png',
  'tray-attentionTemplate@2x.png': 'tray-attentionTemplate@2x.png',
};
for (const [target, source] of Object.entries(iconFiles))
  copyFileSync(join(root, 'build', 'icons', source), join(icons, target));

console.log('Built out/main, out/preload, out/renderer, out/icons, out/serve and out/cli.');
