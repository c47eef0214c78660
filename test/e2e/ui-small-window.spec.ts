import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  openAccount,
  openWithSandbox,
  shootBoth,
  signInAtSandbox,
  watchConsole,
} from './ui-support';

test.use({ viewport: { width: 800, height: 600 } });

/** Nothing sticks out sideways: no horizontal scrolling anywhere in the window. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll('.app-main, .sidebar')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.className || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
  );
  expect(overflow).toEqual([]);
}

test('usable at 800×600: every screen fits the width', async ({ page, host }) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-first-run');
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(page.locator('.detail-title .badge')).toHaveText(/Valid/);
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-account-detail');

  await page
    .getByRole('region', { name: 'Sandbox API', exact: true })
    .getByRole('button', { name: 'Decode' })
    .click();
  await expect(page.getByRole('table', { name: 'Access token claims' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-decoder');

  await page.getByRole('button', { name: '+ Add account' }).click();
  await page.getByRole('radio', { name: /App only/ }).check();
  await page.getByRole('radio', { name: 'A certificate' }).check();
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-add-account');

  await page.getByRole('button', { name: 'Activity' }).click();
  await expect(page.getByRole('list', { name: 'Activity, newest first' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-activity');

  await page.getByRole('button', { name: 'Settings' }).click();
  await expectNoSidewaysScroll(page);
  await shootBoth(page, '800x600-settings');
  console.check();
});
