import { expect, test } from './fixtures';
import { shootBoth, watchConsole } from './ui-support';

test('settings: lead time, clipboard delay, window options and theme are saved', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByText('encrypted with')).toBeVisible();
  await shootBoth(page, 'settings');

  const lead = page.getByLabel('Refresh lead time');
  await lead.fill('-3');
  await lead.blur();
  await expect(page.getByText('Enter a number from 0 to 1440.')).toBeVisible();
  expect(host.engine.getSettings().leadTimeMinutes).toBe(5);
  await lead.fill('10');
  await lead.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect.poll(() => host.engine.getSettings().leadTimeMinutes).toBe(10);

  await page.getByLabel('Clear a copied token after').fill('0');
  await page.getByLabel('Clear a copied token after').blur();
  await expect.poll(() => host.engine.getSettings().clipboardClearSeconds).toBe(0);

  await page.getByLabel('Start at login').check();
  await expect.poll(() => host.engine.getSettings().startAtLogin).toBe(true);
  await page.getByLabel('Closing the window keeps TokenDock running in the tray').uncheck();
  await expect.poll(() => host.engine.getSettings().closeToTray).toBe(false);

  // The theme setting wins over the system's scheme.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
    .toBe('rgb(13, 17, 23)');
  // The page applies the theme at once and saves it in the background: wait for the save.
  await expect.poll(() => host.engine.getSettings().theme).toBe('dark');
  await page.getByRole('radio', { name: 'As the system' }).check();
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
    .toBe('rgb(246, 248, 250)');

  // Kept across a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Refresh lead time')).toHaveValue('10');
  await expect(page.getByLabel('Start at login')).toBeChecked();
  console.check();
});

test.describe('without storage protection', () => {
  test.use({ webHost: { unprotectedStorage: true } });

  test('says so plainly and offers the opt-in', async ({ page, host }) => {
    const console = watchConsole(page);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Settings' }).click();
    const warning = page.getByRole('note').filter({ hasText: 'cannot be protected' });
    await expect(warning).toContainText('basic_text');
    await expect(warning).toContainText('in memory only');
    await page.getByRole('heading', { name: 'Storage protection' }).scrollIntoViewIfNeeded();
    await shootBoth(page, 'settings-unprotected');
    await page.getByLabel(/Keep secrets on disk without protection/).check();
    await expect.poll(() => host.engine.getSettings().persistUnprotectedSecrets).toBe(true);
    await expect(warning).toContainText('You chose to keep secrets on disk anyway.');
    console.check();
  });
});
