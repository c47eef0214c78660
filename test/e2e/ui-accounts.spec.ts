import { expect, test } from './fixtures';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  signInAtSandbox,
  watchConsole,
} from './ui-support';

test('sidebar: search by name and keyboard navigation', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await search.click();
  await page.keyboard.type('daemon');
  await expect(accountOptions(page)).toHaveCount(2);
  await expect(page.getByText('2 of 6 accounts')).toBeVisible();

  await page.keyboard.press('ArrowDown');
  const list = page.getByRole('listbox', { name: 'Accounts' });
  await expect(list).toBeFocused();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Sandbox · daemon (secret)');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    'Sandbox · daemon (certificate)',
  );
  await expect(accountOptions(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  const active = await list.getAttribute('aria-activedescendant');
  expect(active).toBe(await accountOptions(page).nth(1).getAttribute('id'));
  await expect(list).toBeFocused();

  await search.fill('');
  await list.focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Sandbox · browser sign-in');
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Sandbox · on-behalf-of');

  // Tab goes on into the detail; focus is visible there.
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('+ Add account');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Sign in');
  const outline = await page.locator(':focus').evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).toBe('solid');
  console.check();
});

test('remove: the confirmation says what is revoked and deleted', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);

  await page.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Sandbox · browser sign-in?' });
  await expect(dialog).toContainText('refresh token is revoked at TokenDock sandbox');
  await expect(dialog).toContainText('2 targets, 2 access tokens, the refresh token');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(host.engine.listAccounts()).toHaveLength(6);

  await page.getByRole('button', { name: 'Remove' }).click();
  await dialog.getByRole('button', { name: 'Remove account' }).click();
  await expect(accountOptions(page)).toHaveCount(5);
  await expect(accountOptions(page).filter({ hasText: 'browser sign-in' })).toHaveCount(0);
  expect(host.engine.listAccounts().map((a) => a.name)).not.toContain('Sandbox · browser sign-in');

  await page.getByRole('button', { name: 'Activity' }).click();
  const entries = page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem');
  await expect(entries.first()).toContainText('Removed Sandbox · browser sign-in');
  await expect(entries.nth(1)).toContainText(
    'Revoked the refresh token of Sandbox · browser sign-in',
  );
  await expect(entries.last()).toContainText('Added Sandbox · browser sign-in');
  console.check();
});
