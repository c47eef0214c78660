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

test('authorization code: the person signs in in the sign-in window', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · browser sign-in');
  await expect(accountBadge(page)).toHaveText(/Signed out/);

  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The engine's progress step, pushed through the bridge.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Waiting for you to sign in in the sign-in window' }),
  ).toBeVisible();
  const auth = await host.nextAuthPage();
  await signInAtSandbox(auth, host.sandbox.users[0]!);

  await expect(accountBadge(page)).toHaveText(/Valid/);
  const who = page.getByRole('region', { name: 'Who is signed in' });
  await expect(who).toContainText(host.sandbox.users[0]!.username);
  await expect(who).toContainText(host.sandbox.tenantId);
  for (const label of ['Sandbox API', 'Middle tier']) {
    const card = targetCard(page, label);
    await expect(card.getByRole('timer')).toHaveText(/\d+ (h|min) \d+ (min|s) left/);
    await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  }
  await shootBoth(page, 'account-detail');

  // On-behalf-of exchanges the browser account's "Middle tier" token.
  await openAccount(page, 'Sandbox · on-behalf-of');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(targetCard(page, 'Downstream API').getByRole('timer')).toHaveText(/left/);
  console.check();
});

test('device code: the code is shown, entered on a second page, and the account signs in', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · device code');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  const panel = page.getByRole('region', { name: 'Device code sign-in' });
  const code = panel.getByLabel('User code');
  await expect(code).toHaveText(/\S{4,}/);
  await expect(panel.getByRole('timer', { name: 'Time left to enter the code' })).toHaveText(
    /\d+ min \d+ s/,
  );
  await expect(panel).toContainText('/device');
  await shootBoth(page, 'device-code');

  await panel.getByRole('button', { name: 'Open verification page' }).click();
  const verify = await host.nextAuthPage();
  const userCode = (await code.textContent())!;
  const codeField = verify.getByLabel('Code');
  if (await codeField.isVisible()) {
    await codeField.fill(userCode);
    await verify.getByRole('button', { name: 'Continue' }).click();
  }
  await expect(verify.getByText(userCode)).toBeVisible();
  await verify.getByRole('button', { name: 'Confirm' }).click();
  await signInAtSandbox(verify, host.sandbox.users[1]!);

  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Who is signed in' })).toContainText(
    host.sandbox.users[1]!.username,
  );
  console.check();
});

test('device code: Cancel stops the sign-in', async ({ page, host }) => {
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · device code');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Device code sign-in' });
  await expect(panel.getByLabel('User code')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('The sign-in was cancelled. Nothing changed.')).toBeVisible();
  await expect(accountBadge(page)).toHaveText(/Signed out/);
});

test('password: asks for the password with the warning, never keeps it', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  const dialog = page.getByRole('dialog', { name: 'Sign in to Sandbox · password' });
  await expect(dialog.getByRole('note')).toContainText('RFC 9700');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByText('Enter the password.')).toBeVisible();
  await dialog.getByLabel('Password').fill('not the password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);

  const failure = page.getByRole('region', { name: 'Sign-in failed' });
  await expect(failure).toContainText('invalid_grant');
  await shootBoth(page, 'error');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await failure.getByRole('button', { name: 'Copy details' }).click();
  await expect(failure.getByRole('status')).toHaveText('Details copied.');
  const details = await page.evaluate(() => navigator.clipboard.readText());
  expect(details).toContain('Sign-in failed');
  expect(details).toContain('Code: invalid_grant');
  expect(details).not.toContain('not the password');

  await failure.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('dialog').getByLabel('Password').fill(host.sandbox.users[0]!.password);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(failure).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The typed password is gone from the window (the demo users table shows it by design).
  const fieldValues = await page
    .locator('input, textarea')
    .evaluateAll((elements) => elements.map((e) => (e as HTMLInputElement).value));
  expect(fieldValues).not.toContain(host.sandbox.users[0]!.password);
  console.check();
});
