import { expect, test } from './fixtures';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  signInAtSandbox,
  targetCard,
  watchConsole,
} from './ui-support';

test('revoked at the provider: Refresh now fails, the account needs sign-in, sign in again', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const user = host.sandbox.users[0]!;
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), user);
  await expect(accountBadge(page)).toHaveText(/Valid/);

  await host.sandbox.revokeUserGrants(user.username);
  const card = targetCard(page, 'Sandbox API');
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(card.getByRole('alert')).toContainText('invalid_grant');
  await expect(accountBadge(page)).toHaveText(/Needs sign-in/);
  await expect(accountOptions(page).filter({ hasText: 'Sandbox · browser sign-in' })).toContainText(
    'Needs sign-in',
  );
  await expect(page.getByText('no longer accepts this account')).toBeVisible();

  await page.getByRole('button', { name: 'Sign in again' }).click();
  await signInAtSandbox(await host.nextAuthPage(), user);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(card.getByRole('timer')).toHaveText(/left/);
  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied the token/);
  console.check();
});
