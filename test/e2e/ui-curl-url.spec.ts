import { expect, test } from './fixtures';
import { openAccount, shootBoth, targetCard, watchConsole } from './ui-support';

/**
 * "Copy as curl" without a URL asks for one the first time, prefilled with a useful guess: for a
 * token of OpenID scopes, the provider's userinfo endpoint, which the copied command then calls.
 */
test('prefills the provider’s userinfo for OpenID scopes, and checks what is entered', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const ada = host.sandbox.users[0]!;
  const account = await host.engine.addAccount({
    name: 'Ada profile',
    authority: { kind: 'sandbox' },
    flow: 'password',
    clientId: host.sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    username: ada.username,
    targets: [{ label: 'Profile', target: { kind: 'scopes', scopes: ['openid', 'profile'] } }],
  });
  await host.engine.signIn(account.id, { password: ada.password });
  await page.goto(host.url);
  await openAccount(page, 'Ada profile');

  const card = targetCard(page, 'Profile');
  await card.getByRole('button', { name: 'Copy as curl' }).click();
  const ask = page.getByRole('dialog', { name: 'Where should curl call with Profile?' });
  const field = ask.getByLabel('API URL');
  await expect(field).toHaveValue(/\/me$/);
  const userinfo = await field.inputValue();
  expect(userinfo.startsWith(host.sandbox.issuer)).toBe(true);
  await expect(ask).toContainText('A guess from the token’s scopes');
  await shootBoth(page, 'curl-url-prompt');

  // A wrong URL is said at the field; Enter saves a right one and copies.
  await field.fill('ftp://nowhere');
  await field.press('Enter');
  await expect(ask.getByText('The curl URL must be an http or https URL.')).toBeVisible();
  await field.fill(userinfo);
  await field.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(card.getByRole('status')).toHaveText(/Copied a curl command/);
  const command = host.clipboard.text;
  const token = /Bearer ([\w.-]+)'/.exec(command)?.[1];
  expect(command).toBe(`curl -H 'Authorization: Bearer ${token}' '${userinfo}'`);

  // It is the provider's own userinfo endpoint, from its discovery document.
  const metadata = (await (
    await fetch(`${host.sandbox.issuer}/.well-known/openid-configuration`)
  ).json()) as { userinfo_endpoint: string };
  expect(userinfo).toBe(metadata.userinfo_endpoint);
  console.check();
});
