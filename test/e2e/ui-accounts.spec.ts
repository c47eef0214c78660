import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  shootBoth,
  signInAtSandbox,
  watchConsole,
} from './ui-support';

const names = async (page: Page) =>
  (await accountOptions(page).locator('.account-row-name').allTextContents()).map((n) => n.trim());

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

test('search: scope, resource and tenant, ignoring punctuation and case', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await host.engine.addAccount({
    name: 'Contoso Graph',
    authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
    flow: 'device_code',
    clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    clientAuth: { kind: 'none' },
    targets: [
      {
        label: 'Graph',
        target: { kind: 'scopes', scopes: ['https://graph.microsoft.com/User.Read'] },
      },
    ],
  });
  await expect(accountOptions(page)).toHaveCount(7);
  const search = page.getByRole('searchbox', { name: 'Search accounts' });

  // Every word must match somewhere; punctuation is ignored.
  await search.fill('daemon secret');
  expect(await names(page)).toEqual(['Sandbox · daemon (secret)']);
  await search.fill('DAEMON (Certificate)');
  expect(await names(page)).toEqual(['Sandbox · daemon (certificate)']);
  // A scope: only the browser account asks for the middle tier's access_as_user.
  await search.fill('access as user');
  expect(await names(page)).toEqual(['Sandbox · browser sign-in']);
  await search.fill('data.read');
  expect(await names(page)).toEqual(['Sandbox · on-behalf-of']);
  // A resource, typed with and without its punctuation.
  await search.fill('api://tokendock-downstream');
  expect(await names(page)).toEqual(['Sandbox · on-behalf-of']);
  // "api" and "read" each match somewhere: api.read, or api://tokendock-downstream and data.read.
  await search.fill('API.READ');
  expect(await names(page)).toEqual([
    'Sandbox · browser sign-in',
    'Sandbox · device code',
    'Sandbox · password',
    'Sandbox · on-behalf-of',
  ]);
  // A tenant, and a client id.
  await search.fill('contoso.onmicrosoft.com');
  expect(await names(page)).toEqual(['Contoso Graph']);
  await search.fill('04b07795');
  expect(await names(page)).toEqual(['Contoso Graph']);
  await search.fill('user.read graph');
  await expect(page.getByText('1 of 7 accounts')).toBeVisible();
  await search.fill('daemon contoso');
  await expect(page.getByText('No account matches “daemon contoso”.')).toBeVisible();
  await expect(accountOptions(page)).toHaveCount(0);
  console.check();
});

test('sort: by soonest expiry or by name, remembered after a reload', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const sort = page.getByRole('combobox', { name: 'Sort' });
  await expect(sort).toHaveValue('added');
  await sort.selectOption({ label: 'Soonest expiry' });
  // The two daemons acquire at once, the secret one first; accounts without a token keep their
  // order after them.
  await expect
    .poll(() => names(page))
    .toEqual([
      'Sandbox · daemon (secret)',
      'Sandbox · daemon (certificate)',
      'Sandbox · browser sign-in',
      'Sandbox · device code',
      'Sandbox · password',
      'Sandbox · on-behalf-of',
    ]);

  // A new token for the secret daemon expires later: it moves behind the certificate daemon.
  await openAccount(page, 'Sandbox · daemon (secret)');
  await page.waitForTimeout(1_100);
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expect
    .poll(async () => (await names(page)).slice(0, 2))
    .toEqual(['Sandbox · daemon (certificate)', 'Sandbox · daemon (secret)']);
  await shootBoth(page, 'accounts-sort-expiry');

  await page.reload();
  await expect(sort).toHaveValue('expiry');
  await expect.poll(async () => (await names(page))[0]).toBe('Sandbox · daemon (certificate)');

  await sort.focus();
  await sort.selectOption('name');
  expect(await names(page)).toEqual([
    'Sandbox · browser sign-in',
    'Sandbox · daemon (certificate)',
    'Sandbox · daemon (secret)',
    'Sandbox · device code',
    'Sandbox · on-behalf-of',
    'Sandbox · password',
  ]);
  console.check();
});

test('pin: a favourite goes to the top, by keyboard or mouse, and stays after a reload', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · password');
  const list = page.getByRole('listbox', { name: 'Accounts' });
  await expect(list).toBeFocused();

  // Keyboard: the Pin button sits just before the list and names the selected account.
  await page.keyboard.press('Shift+Tab');
  const pin = page.getByRole('button', { name: 'Pin Sandbox · password', exact: true });
  await expect(pin).toBeFocused();
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Enter');
  const unpin = page.getByRole('button', { name: 'Unpin Sandbox · password', exact: true });
  await expect(unpin).toBeFocused();
  await expect(unpin).toHaveAttribute('aria-pressed', 'true');
  expect((await names(page))[0]).toBe('Sandbox · password');
  await expect(accountOptions(page).first()).toHaveAttribute('aria-selected', 'true');

  // Mouse: the star beside a row.
  await accountOptions(page)
    .filter({ hasText: 'on-behalf-of' })
    .locator('xpath=..')
    .locator('.account-pin-mark')
    .click();
  expect(await names(page)).toEqual([
    'Sandbox · password',
    'Sandbox · on-behalf-of',
    'Sandbox · browser sign-in',
    'Sandbox · device code',
    'Sandbox · daemon (secret)',
    'Sandbox · daemon (certificate)',
  ]);
  // Pins stay on top whatever the sort; search keeps them in their place too.
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('name');
  expect((await names(page)).slice(0, 3)).toEqual([
    'Sandbox · on-behalf-of',
    'Sandbox · password',
    'Sandbox · browser sign-in',
  ]);
  await shootBoth(page, 'accounts-pinned');

  await page.reload();
  await expect(accountOptions(page)).toHaveCount(6);
  expect((await names(page)).slice(0, 2)).toEqual(['Sandbox · on-behalf-of', 'Sandbox · password']);
  await openAccount(page, 'Sandbox · password');
  await page.getByRole('button', { name: 'Unpin Sandbox · password', exact: true }).click();
  expect((await names(page))[0]).toBe('Sandbox · on-behalf-of');
  expect((await names(page))[1]).toBe('Sandbox · browser sign-in');
  await expect(
    page.getByRole('button', { name: 'Pin Sandbox · password', exact: true }),
  ).toBeVisible();
  console.check();
});
