import { test as base } from '@playwright/test';
import { startWebHost, type WebHost, type WebHostOptions } from '../web-host/host';

export { expect } from '@playwright/test';
export type { WebHost, WebHostOptions } from '../web-host/host';

/**
 * Playwright Test with a `host` fixture: a fresh web test host per test (real engine, sandbox
 * provider, renderer bundle with its WebSocket bridge), closed after the test. Pages open it with
 * `await page.goto(host.url)`. `test.use({ webHost: { accessTokenTtlSeconds: 30 } })` sets the
 * host's options for a file or a `describe` block.
 */
export const test = base.extend<{
  webHost: Omit<WebHostOptions, 'browser'>;
  host: WebHost;
}>({
  webHost: [{}, { option: true }],
  host: async ({ browser, webHost }, use) => {
    const host = await startWebHost({ ...webHost, browser });
    try {
      await use(host);
    } finally {
      await host.close();
    }
  },
});
