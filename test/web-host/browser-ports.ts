import type { Browser } from 'playwright-core';
import type { AuthWindow, ExternalBrowser } from '../../app/ports';
import { ChromiumAuthWindow } from '../support/chromium-auth-window';
import type { PageQueue } from './page-queue';

/** Opens `url` in a new page of a new browser context and hands the page to the queue. */
export async function openPersonPage(
  browser: Browser,
  queue: PageQueue,
  url: string,
): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    queue.put(page);
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

/**
 * The browser-facing ports of the web host, all in Chromium and all handing their page to the
 * test through `queue`: the embedded sign-in window (`ChromiumAuthWindow`, whose person is the
 * test), the system browser of loopback sign-ins, and the device-code verification page.
 */
export function browserPorts(
  browser: Browser,
  queue: PageQueue,
): {
  authWindow: AuthWindow;
  externalBrowser: ExternalBrowser;
  openVerificationPage: (request: { url: string }) => Promise<void>;
} {
  return {
    authWindow: new ChromiumAuthWindow(browser, async (page) => queue.put(page)),
    externalBrowser: { open: (url) => openPersonPage(browser, queue, url) },
    openVerificationPage: ({ url }) => openPersonPage(browser, queue, url),
  };
}
