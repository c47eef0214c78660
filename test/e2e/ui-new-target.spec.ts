import { expect, test } from './fixtures';
import {
  accountBadge,
  openAccount,
  openWithSandbox,
  shootBoth,
  signInAtSandbox,
  targetCard,
  watchConsole,
} from './ui-support';

/**
 * A target added to a signed-in account gets its token with the account's refresh token, with no
 * new sign-in; a sign-in is asked for only where the provider wants consent, and then for that
 * target alone.
 */
test('a new target comes with the refresh token; one the grant does not cover asks for a sign-in', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const signIns = host.sandbox.tokenRequests.filter((r) => r.grantType === 'authorization_code');

  // Edit: a second token of the API, for api.read again under another name (in the grant).
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Add a target' }).click();
  const third = page.getByRole('group', { name: 'Target 3' });
  await third.getByLabel('Name').fill('Read-only API');
  await third.getByLabel('Resource', { exact: true }).fill(host.sandbox.resources.api.identifier);
  await third.getByLabel('Scopes (optional)').fill('api.read');
  // And one the sign-in never asked for: api.write.
  await page.getByRole('button', { name: 'Add a target' }).click();
  const fourth = page.getByRole('group', { name: 'Target 4' });
  await fourth.getByLabel('Name').fill('Writer');
  await fourth.getByLabel('Resource', { exact: true }).fill(host.sandbox.resources.api.identifier);
  await fourth.getByLabel('Scopes (optional)').fill('api.write');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(targetCard(page, 'Read-only API').getByRole('timer')).toHaveText(/left/);
  await expect(targetCard(page, 'Writer')).toContainText(/sign in/i);
  // The other targets kept their tokens, and nobody was asked to sign in again.
  await expect(targetCard(page, 'Sandbox API').getByRole('timer')).toHaveText(/left/);
  expect(
    host.sandbox.tokenRequests.filter((r) => r.grantType === 'authorization_code'),
  ).toHaveLength(signIns.length);
  await shootBoth(page, 'new-target');
  console.check();
});
