/**
 * Keyboard first (issue 13, item 1): one key from the accounts list to a token, the quick
 * switcher (Ctrl+K), and focus back where it was after every dialog. Driven by the keyboard; the
 * clipboard is the host's (what the engine wrote), so a copy that did not happen fails here.
 */
import type { Page } from '@playwright/test';
import { axeViolations } from './axe';
import { expect, test } from './fixtures';
import { routeBridge } from './push-support';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  shootBoth,
  watchConsole,
} from './ui-support';

const SECRET_DAEMON = 'Sandbox · daemon (secret)';
const CERT_DAEMON = 'Sandbox · daemon (certificate)';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const list = (page: Page) => page.getByRole('listbox', { name: 'Accounts' });
const notices = (page: Page) => page.getByRole('status', { name: 'Notifications' });
const switcher = (page: Page) => page.getByRole('dialog', { name: 'Quick switcher' });

test('Enter, Shift+Enter and Ctrl+C on the accounts list copy the selected token', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, SECRET_DAEMON);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(list(page)).toBeFocused();

  const writes = host.clipboard.writes.length;
  await page.keyboard.press('Enter');
  await expect(notices(page)).toContainText(`Copied the Sandbox API token of ${SECRET_DAEMON}.`);
  await expect(notices(page)).toContainText('The clipboard is cleared in 30 s.');
  expect(host.clipboard.writes.length).toBe(writes + 1);
  const token = host.clipboard.text;
  expect(token).toMatch(JWT);
  await expect(list(page)).toBeFocused();

  await page.keyboard.press('Shift+Enter');
  await expect.poll(() => host.clipboard.text).toBe(`Authorization: Bearer ${token}`);

  await page.keyboard.press('Control+c');
  await expect.poll(() => host.clipboard.text).toBe(token);

  // Arrow keys choose another account; Enter copies its token, not the first one's.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(CERT_DAEMON);
  await page.keyboard.press('Enter');
  await expect.poll(() => host.clipboard.text).not.toBe(token);
  expect(host.clipboard.text).toMatch(JWT);

  // Nothing to copy: a signed-out account says so, and the clipboard is left alone.
  const before = host.clipboard.writes.length;
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.keyboard.press('Enter');
  await expect(notices(page)).toContainText('Nothing copied from Sandbox · browser sign-in');
  await expect(notices(page)).toContainText('has no token to copy: sign in first');
  expect(host.clipboard.writes.length).toBe(before);
  console.check();
});

test('Ctrl+C copies the shown account’s token only when no text is selected', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, SECRET_DAEMON);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const heading = page.getByRole('heading', { level: 2, name: SECRET_DAEMON });
  await heading.focus();

  const writes = host.clipboard.writes.length;
  await page.keyboard.press('Control+c');
  await expect.poll(() => host.clipboard.writes.length).toBe(writes + 1);
  expect(host.clipboard.text).toMatch(JWT);

  // With text selected, Ctrl+C is the browser's: the engine writes nothing.
  await heading.selectText();
  await page.keyboard.press('Control+c');

  // In a text field it is the field's copy, never the token's.
  await page.getByRole('searchbox', { name: 'Search accounts' }).focus();
  await page.keyboard.type('daemon');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await expect(accountOptions(page)).toHaveCount(2);

  // Nothing selected again, on the heading: one more copy. Calls reach the engine in order, so
  // once this one is written, a copy from the presses above would have been too.
  await page.evaluate(() => document.getSelection()?.removeAllRanges());
  await heading.focus();
  await page.keyboard.press('Control+c');
  await expect.poll(() => host.clipboard.writes.length).toBe(writes + 2);
  await page.evaluate(() =>
    (
      window as unknown as { tokendock: { invoke: (c: string, r: unknown) => Promise<unknown> } }
    ).tokendock.invoke('accounts:list', {}),
  );
  expect(host.clipboard.writes.length).toBe(writes + 2);
  console.check();
});

test('quick switcher: Ctrl+K, search, arrows, Enter / Shift+Enter / Alt+Enter, Escape', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, SECRET_DAEMON);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(list(page)).toBeFocused();

  await page.keyboard.press('Control+k');
  const dialog = switcher(page);
  await expect(dialog).toBeVisible();
  const search = dialog.getByRole('combobox', { name: 'Find an account' });
  await expect(search).toBeFocused();
  const options = dialog.getByRole('listbox', { name: 'Accounts found' }).getByRole('option');
  await expect(options).toHaveCount(6);
  await expect(dialog.getByRole('status')).toHaveText('6 accounts.');
  await shootBoth(page, 'quick-switcher');
  expect(await axeViolations(page, 'quick switcher')).toEqual([]);

  // The accounts list's search rule: a word of the scope or resource finds the account.
  await search.fill('daemon');
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute(
    'aria-activedescendant',
    (await options.nth(0).getAttribute('id'))!,
  );
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(1)).toContainText(CERT_DAEMON);
  await expect(search).toHaveAttribute(
    'aria-activedescendant',
    (await options.nth(1).getAttribute('id'))!,
  );
  await page.keyboard.press('ArrowUp');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');

  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(notices(page)).toContainText(`Copied the Sandbox API token of ${CERT_DAEMON}.`);
  const token = host.clipboard.text;
  expect(token).toMatch(JWT);
  // Focus is back on the list, and the list still shows the account it showed.
  await expect(list(page)).toBeFocused();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(SECRET_DAEMON);

  await page.keyboard.press('Control+k');
  await switcher(page).getByRole('combobox').fill('certificate');
  await page.keyboard.press('Shift+Enter');
  await expect(switcher(page)).toHaveCount(0);
  await expect.poll(() => host.clipboard.text).toBe(`Authorization: Bearer ${token}`);

  // As curl: not before the target has its API URL (no made-up host), which the switcher says.
  await page.keyboard.press('Control+k');
  await switcher(page).getByRole('combobox').fill('certificate');
  await page.keyboard.press('Alt+Enter');
  await expect(switcher(page)).toContainText('Set the URL "Copy as curl" calls');
  await page.keyboard.press('Escape');
  const cert = host.engine.listAccounts().find((a) => a.name === 'Sandbox · daemon (certificate)')!;
  await host.engine.setCurlUrl(cert.id, cert.targets[0]!.id, 'https://api.contoso.test/');
  await page.keyboard.press('Control+k');
  await switcher(page).getByRole('combobox').fill('certificate');
  await page.keyboard.press('Alt+Enter');
  await expect(switcher(page)).toHaveCount(0);
  await expect
    .poll(() => host.clipboard.text)
    .toMatch(/^curl -H 'Authorization: Bearer [\w.-]+' 'https:\/\/api\.contoso\.test\/'$/);

  // Nothing to copy: the switcher stays and says why, inside the dialog.
  await page.keyboard.press('Control+k');
  await switcher(page).getByRole('combobox').fill('browser');
  const writes = host.clipboard.writes.length;
  await page.keyboard.press('Enter');
  await expect(switcher(page).getByRole('alert')).toHaveText(
    'Sandbox · browser sign-in has no token to copy: sign in first.',
  );
  expect(host.clipboard.writes.length).toBe(writes);
  await search.fill('no such account');
  await expect(switcher(page).getByRole('status')).toHaveText(
    'No account matches “no such account”.',
  );
  await shootBoth(page, 'quick-switcher-empty');

  // Escape closes without copying; focus goes back to the list.
  await page.keyboard.press('Escape');
  await expect(switcher(page)).toHaveCount(0);
  await expect(list(page)).toBeFocused();
  expect(host.clipboard.writes.length).toBe(writes);

  // Ctrl+Enter opens the account in the window.
  await page.keyboard.press('Control+k');
  await switcher(page).getByRole('combobox').fill('password');
  await page.keyboard.press('Control+Enter');
  await expect(switcher(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Sandbox · password');

  // The top bar's button opens it too, and focus returns to that button.
  const button = page.getByRole('button', { name: 'Switch' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(switcher(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  console.check();
});

test('focus returns where it was after every dialog', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);

  // The password dialog: cancelled, then submitted. The sign-in button keeps the focus while
  // the sign-in runs and after it.
  await openAccount(page, 'Sandbox · password');
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  await signIn.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Sign in to Sandbox · password' });
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(signIn).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(host.sandbox.users[0]!.password);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const again = page.getByRole('button', { name: 'Sign in again' });
  await expect(again).toBeFocused();

  // The remove confirmation, cancelled with Escape and with its Cancel button.
  const remove = page.getByRole('button', { name: 'Remove' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Remove Sandbox · password?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(remove).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // Cancel has the focus
  await expect(confirm).toHaveCount(0);
  await expect(remove).toBeFocused();

  // Removing for real: the control is gone, so focus goes to the main area, never the body.
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Remove account' }).focus();
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(accountOptions(page)).toHaveCount(5);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

  // The proxy question, answered with Cancel from the keyboard.
  const decoder = page.getByRole('navigation', { name: 'Sections' }).getByRole('button', {
    name: 'Decoder',
  });
  await decoder.focus();
  const answers: unknown[] = [];
  expect(
    host.proxyLogins.challenge(
      { isProxy: true, host: 'proxy.example', port: 3128, scheme: 'basic', realm: 'corp' },
      (...answer) => void answers.push(answer),
    ),
  ).toBe('asked');
  const proxy = page.getByRole('dialog', { name: 'Proxy sign-in' });
  await expect(proxy.getByLabel('User name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(proxy).toHaveCount(0);
  await expect(decoder).toBeFocused();
  // Cancelled: the request was told no credentials (Electron's callback with none).
  await expect.poll(() => answers.length).toBe(1);
  console.check();
});

test('the desktop app’s global shortcut: the host’s app:open-switcher push opens the switcher', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const bridge = await routeBridge(page);
  await openWithSandbox(page, host);
  await openAccount(page, SECRET_DAEMON);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await bridge.push('app:open-switcher', {});
  await expect(switcher(page).getByRole('combobox', { name: 'Find an account' })).toBeFocused();
  await page.keyboard.type('secret');
  await page.keyboard.press('Enter');
  await expect(switcher(page)).toHaveCount(0);
  await expect.poll(() => host.clipboard.text).toMatch(JWT);
  await expect(list(page)).toBeFocused();

  // Not over another dialog: the one open keeps the keyboard.
  await page.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${SECRET_DAEMON}?` });
  await expect(confirm).toBeVisible();
  await bridge.push('app:open-switcher', {});
  await page.keyboard.press('Control+k');
  await expect(switcher(page)).toHaveCount(0);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  console.check();
});

test.describe('at 800×600', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test('the top bar and the quick switcher fit', async ({ page, host }) => {
    const console = watchConsole(page);
    await openWithSandbox(page, host);
    const sideways = () =>
      page.evaluate(() =>
        [document.documentElement, ...document.querySelectorAll('.top-bar, dialog, .toasts')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => `${e.className || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
      );
    const button = page.getByRole('button', { name: 'Switch' });
    const bar = await page.locator('.top-bar').boundingBox();
    const box = await button.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
    await button.click();
    await expect(switcher(page)).toBeVisible();
    expect(await sideways()).toEqual([]);
    await shootBoth(page, '800x600-quick-switcher');
    console.check();
  });
});
