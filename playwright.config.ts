import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium-options';

/**
 * Web end-to-end tests: the production renderer bundle in Chromium (Debian's when installed;
 * never a downloaded one), served by the web test host (`test/web-host/`) with the real engine
 * behind `window.tokendock`. globalSetup builds the bundle once; each test gets its own host
 * through the `host` fixture of `test/e2e/fixtures.ts`. Screenshots go to
 * test-results/screenshots/.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './test/web-host/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1000, height: 700 },
  },
});
