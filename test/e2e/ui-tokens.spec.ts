import { expect, test } from './fixtures';
import {
  accountBadge,
  openAccount,
  openWithSandbox,
  shootBoth,
  targetCard,
  watchConsole,
} from './ui-support';

test('client credentials (secret): copy in three formats, refresh now, reveal, decode', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · daemon (secret)');
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const card = targetCard(page, 'Sandbox API');
  const timer = card.getByRole('timer');
  // A one-hour token, minutes after the sign-in even on a slow machine.
  await expect(timer).toHaveText(/(5\d min \d\d s|1 h 00 min) left/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first!);

  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied the token\. .*cleared in 30 s/);
  const token = host.clipboard.text;
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  await card.getByRole('button', { name: 'Copy as header' }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied an Authorization header/);
  expect(host.clipboard.text).toBe(`Authorization: Bearer ${token}`);

  // The first "Copy as curl" asks where to call (nothing to guess for an api:// resource).
  await card.getByRole('button', { name: 'Copy as curl' }).click();
  const ask = page.getByRole('dialog', { name: 'Where should curl call with Sandbox API?' });
  await expect(ask.getByLabel('API URL')).toHaveValue('');
  await ask.getByLabel('API URL').fill('https://api.contoso.test/orders');
  await ask.getByRole('button', { name: 'Save and copy' }).click();
  await expect(ask).toHaveCount(0);
  await expect(card.getByRole('status')).toHaveText(/Copied a curl command/);
  expect(host.clipboard.text).toBe(
    `curl -H 'Authorization: Bearer ${token}' 'https://api.contoso.test/orders'`,
  );
  // Asked once: the URL is kept with the target.
  await card.getByRole('button', { name: 'Copy as header' }).click();
  await card.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied a curl command/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(host.clipboard.text).toContain("'https://api.contoso.test/orders'");

  const requests = host.sandbox.tokenRequests.length;
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(card.getByRole('status')).toHaveText('Refreshed.');
  expect(host.sandbox.tokenRequests.length).toBe(requests + 1);
  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied the token/);
  expect(host.clipboard.text).not.toBe(token);

  await card.getByRole('button', { name: 'Reveal' }).click();
  const revealed = card.getByLabel('Access token for Sandbox API');
  await expect(revealed).toHaveValue(host.clipboard.text);
  await card.getByRole('button', { name: 'Hide' }).click();
  await expect(revealed).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Reveal' })).toBeVisible();

  await card.getByRole('button', { name: 'Decode' }).click();
  const claims = page.getByRole('table', { name: 'Access token claims', exact: true });
  await expect(claims.getByRole('row', { name: /^aud/ })).toContainText('api://tokendock-sandbox');
  await expect(claims.getByRole('row', { name: /^exp/ })).toContainText(
    /in (59|60) minutes|in 1 hour/,
  );
  await expect(claims.locator('tr.highlight').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Access token header' })).toContainText('RS256');
  await shootBoth(page, 'decoder-account-token');

  // The ID token: an app-only account has none, said plainly.
  await page.getByRole('radio', { name: 'ID token' }).check();
  await expect(page.getByRole('alert')).toContainText('There is no ID token to decode.');
  console.check();
});

test('client credentials (certificate): acquires and copies', async ({ page, host }) => {
  await openWithSandbox(page, host);
  await openAccount(page, 'Sandbox · daemon (certificate)');
  const card = targetCard(page, 'Sandbox API');
  await expect(card.getByRole('timer')).toHaveText(/left/);
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await card.getByRole('button', { name: 'Copy as header' }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied an Authorization header/);
  expect(host.clipboard.text).toMatch(/^Authorization: Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  expect(
    host.sandbox.tokenRequests.filter((r) => r.clientId === 'tokendock-cert-daemon').length,
  ).toBeGreaterThanOrEqual(2);
});
