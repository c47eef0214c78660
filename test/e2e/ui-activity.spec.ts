/**
 * Issue 13, item 5 "Activity": every entry names its account and target in their own columns,
 * leads to its account, a cancelled sign-in is not a failure, and the log filters by account and
 * by kind.
 */
import { expect, test } from './fixtures';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  shootBoth,
  targetCard,
  watchConsole,
} from './ui-support';

const DAEMON = 'Sandbox · daemon (secret)';
const DEVICE = 'Sandbox · device code';

test('activity: account and target columns, cancelled is not failed, filters, open the account', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);

  // A refresh (an entry with a target) and a cancelled device-code sign-in.
  await openAccount(page, DAEMON);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const card = targetCard(page, 'Sandbox API');
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(card.getByRole('status')).toHaveText('Refreshed.');

  await openAccount(page, DEVICE);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Device code sign-in' });
  await expect(panel.getByLabel('User code')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('The sign-in was cancelled. Nothing changed.')).toBeVisible();

  await page.getByRole('button', { name: 'Activity' }).click();
  const list = page.getByRole('list', { name: 'Activity, newest first' });
  const entries = list.getByRole('listitem');

  // The refresh names its account and its target, each in its own column.
  const refreshed = entries.filter({ hasText: 'Refreshed' }).filter({ hasText: DAEMON }).first();
  await expect(refreshed.locator('.activity-account')).toHaveText(`Account ${DAEMON}`);
  await expect(refreshed.locator('.activity-target')).toHaveText('Target Sandbox API');
  await expect(refreshed.getByRole('button', { name: `Open ${DAEMON}` })).toBeVisible();

  // The cancelled sign-in: its own kind, neutral, never "failed".
  const cancelled = list.locator('li[data-kind="sign-in-cancelled"]');
  await expect(cancelled).toHaveCount(1);
  await expect(cancelled.locator('.activity-kind')).toHaveText('Sign-in cancelled');
  await expect(cancelled.locator('.activity-kind')).toHaveAttribute('data-tone', 'neutral');
  await expect(cancelled.locator('.activity-account')).toContainText(DEVICE);
  await expect(cancelled).not.toContainText(/failed/i);
  await expect(list.locator('li[data-kind="sign-in-failed"]')).toHaveCount(0);
  const cancelledColor = await cancelled
    .locator('.activity-kind')
    .evaluate((el) => getComputedStyle(el).color);
  const dangerColor = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--danger').trim(),
  );
  expect(cancelledColor).not.toBe(dangerColor);
  expect(host.engine.activity().some((e) => e.kind === 'sign-in-failed')).toBe(false);
  await shootBoth(page, 'activity');

  // Filter by account: only the device-code account's entries are left.
  const all = await entries.count();
  const account = page.getByLabel('Account', { exact: true });
  const kind = page.getByLabel('Kind', { exact: true });
  await account.selectOption({ label: DEVICE });
  await expect(entries).not.toHaveCount(all);
  for (const row of await entries.all())
    await expect(row.locator('.activity-account')).toContainText(DEVICE);

  // And by kind.
  await kind.selectOption({ label: 'Sign-in cancelled' });
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute('data-kind', 'sign-in-cancelled');

  // Nothing left: an empty state that offers the way back.
  await kind.selectOption({ label: 'Refreshed' });
  await expect(entries).toHaveCount(0);
  await expect(page.getByText('No activity matches these filters.')).toBeVisible();
  await shootBoth(page, 'activity-empty-filter');
  await page.getByRole('button', { name: 'Show all activity' }).click();
  await expect(entries).toHaveCount(all);
  await expect(account).toHaveValue('');
  await expect(kind).toHaveValue('');

  // "Open <account>", by keyboard, selects the account in the Accounts screen.
  const open = refreshed.getByRole('button', { name: `Open ${DAEMON}` });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: DAEMON })).toBeVisible();
  await expect(accountOptions(page).filter({ hasText: DAEMON })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  console.check();
});
