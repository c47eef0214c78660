import { expect, test } from './fixtures';
import { accountOptions, shootBoth, watchConsole } from './ui-support';

test('first run: "Try the sandbox provider" adds one demo account per flow', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Welcome to TokenDock' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add account', exact: true })).toBeVisible();
  await shootBoth(page, 'first-run');
  await page.getByRole('button', { name: 'Try the sandbox provider' }).click();

  await expect(accountOptions(page)).toHaveCount(6);
  await expect(
    page.getByRole('heading', { name: 'The sandbox provider is running' }),
  ).toBeVisible();
  const users = page.getByRole('table', { name: /Demo users/ });
  for (const user of host.sandbox.users) {
    await expect(users).toContainText(user.username);
    await expect(users).toContainText(user.password);
  }
  // The app-only accounts were signed in at once; the others wait for a person.
  await expect(accountOptions(page).filter({ hasText: 'daemon (secret)' })).toContainText('Valid');
  await expect(accountOptions(page).filter({ hasText: 'daemon (certificate)' })).toContainText(
    'Valid',
  );
  await expect(accountOptions(page).filter({ hasText: 'browser sign-in' })).toContainText(
    'Signed out',
  );
  expect(host.engine.listAccounts()).toHaveLength(6);
  await shootBoth(page, 'sandbox-ready');
  console.check();
});
