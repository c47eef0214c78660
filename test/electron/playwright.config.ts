import { defineConfig } from '@playwright/test';

/**
 * Electron end-to-end specs (Playwright `_electron`), run by `test/electron/run.ts` where an
 * Electron binary is installed. One app at a time; the app keeps its data in a temporary folder.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/electron-playwright.json' }]],
});
