import { expect as baseExpect, test as base } from '@playwright/test';
import { startWebHost, type WebHost, type WebHostOptions } from '../web-host/host';

export type { WebHost, WebHostOptions } from '../web-host/host';

/**
 * Every wait in these specs is on a state (web-first assertions, `expect.poll`, events), never a
 * fixed sleep. On a loaded two-core machine a state can take far longer than Playwright's default
 * 5 s to arrive (a sandbox sign-in, a first render), so assertions get a 20 s ceiling and each
 * test at least 90 s. A passing assertion returns as soon as its state holds: the ceilings cost
 * nothing unless something is wrong.
 */
export const expect = baseExpect.configure({ timeout: 20_000 });
const TEST_TIMEOUT_MS = 90_000;

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
  host: async ({ browser, webHost }, use, testInfo) => {
    testInfo.setTimeout(Math.max(testInfo.timeout, TEST_TIMEOUT_MS));
    const host = await startWebHost({ ...webHost, browser });
    try {
      await use(host);
    } finally {
      await host.close();
    }
  },
});
