import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { accountBadge, openAccount, openWithSandbox, shootBoth, watchConsole } from './ui-support';

/**
 * "Sign-in needed by …": the sandbox issues refresh tokens that end after five days and says so
 * (`refresh_token_expires_in`). The account shows the day; with the page's clock moved forward
 * past the reminder day (two days before, the default), it is a warning; the engine sent one
 * reminder only when it was due.
 */
const DAY = 24 * 60 * 60 * 1000;
test.use({ webHost: { refreshTokenTtlSeconds: (5 * DAY) / 1000 } });

async function signInWithPassword(page: Page, password: string) {
  await openAccount(page, 'Sandbox · password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to Sandbox · password' });
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(accountBadge(page)).toHaveText(/Valid/);
}

test('shows when a sign-in will be needed, and warns from the reminder day', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await signInWithPassword(page, host.sandbox.users[0]!.password);

  const due = page.getByRole('note').filter({ hasText: 'Sign-in needed by' });
  await expect(due).toContainText('(in 5 days)');
  await expect(due).toContainText('The provider ends this account’s refresh token then.');
  await expect(due).not.toHaveClass(/warning/);
  await expect(page.getByText('Last sign-in')).toBeVisible();
  // Five days left, reminders two days before: none yet.
  expect(host.notifications.filter((n) => /sign in by/.test(n.title))).toEqual([]);
  await shootBoth(page, 'sign-in-due-note');

  // Three and a half days later, as the page sees it: a warning, with what to do.
  await page.clock.install({ time: Date.now() + 3.5 * DAY });
  await page.reload();
  await openAccount(page, 'Sandbox · password');
  await expect(due).toHaveClass(/warning/);
  await expect(due).toContainText(/\((tomorrow|in 2 days)\)/);
  await expect(due).toContainText('Sign in before then');
  await shootBoth(page, 'sign-in-due-warning');
  console.check();
});
