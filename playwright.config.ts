import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium-options';

/**
 * Web end-to-end tests: the production renderer bundle in Chromium (Debian's when installed;
 * never a downloaded one). Screenshots go to test-results/screenshots/.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: 'http://127.0.0.1:4751/',
    browserName: 'chromium',
    launchOptions: {
      ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1000, height: 700 },
  },
  webServer: {
    command:
      'vite build --config vite.renderer.config.ts && vite preview --config vite.renderer.config.ts',
    url: 'http://127.0.0.1:4751/',
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
