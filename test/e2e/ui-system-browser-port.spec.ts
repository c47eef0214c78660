import { expect, test } from './fixtures';
import { accountBadge, signInAtSandbox, watchConsole, fieldError } from './ui-support';
import { freePort } from '../support/free-port';

test('system browser: the form takes a fixed loopback port and sign-in listens exactly there', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await page.getByRole('radio', { name: /TokenDock sandbox/ }).check();
  await expect(page.getByText('Discovery works')).toBeVisible();
  await page.getByLabel('Account name').fill('Fixed port');
  await page.getByRole('radio', { name: /Browser sign-in \(authorization code\)/ }).check();
  await page.getByRole('radio', { name: /System browser/ }).check();
  await page.getByLabel('Client (application) id').fill(host.sandbox.clients.native.clientId);

  const field = page.getByLabel('Redirect URI (optional)');
  await field.fill('https://app.example.com/callback');
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(fieldError(page, 'Redirect URI (optional)')).toContainText(
    'must be http://127.0.0.1 or http://localhost',
  );
  expect(host.engine.listAccounts()).toHaveLength(0);

  await field.fill(redirectUri);
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Fixed port' })).toBeVisible();
  expect(host.engine.listAccounts()[0]?.redirectUri).toBe(redirectUri);

  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const browserPage = await host.nextAuthPage();
  await signInAtSandbox(browserPage, host.sandbox.users[0]!);
  await expect(browserPage.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  expect(new URL(browserPage.url()).port).toBe(String(port));
  await expect(accountBadge(page)).toHaveText(/Valid/);
  console.check();
});
