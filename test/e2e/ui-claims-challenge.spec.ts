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
 * A claims challenge (Conditional Access wants multi-factor authentication): the provider refuses
 * a refresh with `interaction_required`, `claims` and `suberror`. The window says in words what
 * is asked, links the provider's page, and the next sign-in answers it, after which the notice
 * goes.
 */
test('says what the provider asks for, and the next sign-in answers it', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);

  host.sandbox.faults.inject({ kind: 'claimsChallenge', path: '/token' });
  await targetCard(page, 'Sandbox API').getByRole('button', { name: 'Refresh now' }).click();
  const notice = page.getByRole('note').filter({ hasText: 'asks for more at the next sign-in' });
  await expect(notice).toContainText(/multi-factor/i);
  await expect(page.getByRole('link', { name: 'More about this error' }).first()).toHaveAttribute(
    'href',
    'https://login.microsoftonline.com/error?code=50079',
  );
  await shootBoth(page, 'claims-challenge');

  // The next sign-in sends the challenge (OpenID Connect Core §5.5; the URL is checked in
  // test/integration/claims-challenge.test.ts); a sign-in that answered it clears it.
  await page.getByRole('button', { name: 'Sign in again' }).first().click();
  const auth = await host.nextAuthPage();
  await signInAtSandbox(auth, host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(notice).toHaveCount(0);
  console.check();
});
