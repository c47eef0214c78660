import * as client from 'openid-client';
import { REFRESH_TOKEN_REFUSED } from '../../app/contract/flow-rules';
import type { SandboxProvider } from '../../app/sandbox';
import { expect, test } from './fixtures';
import { accountBadge, fieldError, shootBoth, watchConsole } from './ui-support';

/** A real refresh token of the sandbox's native client, from a password grant (not TokenDock's). */
async function refreshTokenFrom(sandbox: SandboxProvider): Promise<string> {
  const config = await client.discovery(
    new URL(sandbox.issuer),
    sandbox.clients.native.clientId,
    {},
    client.None(),
    { execute: [client.allowInsecureRequests] },
  );
  const person = sandbox.users[0]!;
  const tokens = await client.genericGrantRequest(config, 'password', {
    username: person.username,
    password: person.password,
    scope: 'openid profile offline_access api.read',
  });
  return tokens.refresh_token!;
}

test('an account from a pasted refresh token: masked, keyboard only, refusal at the field', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await expect(page.getByRole('heading', { name: 'Add account' })).toBeVisible();

  // Keyboard only from here: focus moves with Tab, choices with Space, the form submits on Enter.
  const sandboxPreset = page.getByRole('radio', { name: /TokenDock sandbox/ });
  await sandboxPreset.focus();
  await page.keyboard.press('Space');
  await expect(sandboxPreset).toBeChecked();
  await page.getByLabel('Account name').focus();
  await page.keyboard.type('Ada from a refresh token');

  // An app-only flow cannot start from a refresh token: the choice is not offered.
  const appOnly = page.getByRole('radio', { name: /App only \(client credentials\)/ });
  await appOnly.focus();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('I have a refresh token')).toHaveCount(0);
  const browserSignIn = page.getByRole('radio', { name: /Browser sign-in/ });
  await browserSignIn.focus();
  await page.keyboard.press('Space');
  await expect(browserSignIn).toBeChecked();
  // The app-only flow asked for a client secret; the native client is public.
  const publicClient = page.getByRole('radio', { name: 'None (public client)' });
  await publicClient.focus();
  await page.keyboard.press('Space');
  await expect(publicClient).toBeChecked();

  const choice = page.getByLabel('I have a refresh token');
  await choice.focus();
  await page.keyboard.press('Space');
  await expect(choice).toBeChecked();
  await page.keyboard.press('Tab');
  const field = page.getByLabel('Refresh token', { exact: true });
  await expect(field).toBeFocused();
  // Masked, and never offered to autocomplete or spell-check.
  await expect(field).toHaveAttribute('type', 'password');
  await expect(field).toHaveAttribute('autocomplete', 'off');
  await expect(field).toHaveAttribute('spellcheck', 'false');

  // A token the provider does not know (expired, revoked or another client's are the same to it).
  const refused = 'a-refresh-token-nobody-issued-0123456789';
  await page.keyboard.insertText(refused);
  await page.keyboard.press('Enter');
  await expect(fieldError(page, 'Refresh token')).toHaveText(REFRESH_TOKEN_REFUSED);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const summary = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
  await expect(summary).toContainText(REFRESH_TOKEN_REFUSED);
  await expect(summary).toBeFocused();
  expect(host.engine.listAccounts()).toHaveLength(0);
  // Never echoed: not in the page's text, not in any attribute but the field's own value.
  expect(await page.locator('body').innerText()).not.toContain(refused);
  expect(await page.content()).not.toContain(refused);
  await field.scrollIntoViewIfNeeded();
  await shootBoth(page, 'add-account-refresh-token-refused');

  // The summary's link takes the keyboard back to the field.
  await summary.getByRole('button', { name: REFRESH_TOKEN_REFUSED }).focus();
  await page.keyboard.press('Enter');
  await expect(field).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(await refreshTokenFrom(host.sandbox));
  await shootBoth(page, 'add-account-refresh-token');
  await page.keyboard.press('Enter');

  // Signed in at once, no sign-in window: the account is valid and knows who it is.
  await expect(
    page.getByRole('heading', { level: 2, name: 'Ada from a refresh token' }),
  ).toBeVisible();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const [account] = host.engine.listAccounts();
  expect(account).toMatchObject({
    flow: 'authorization_code',
    hasRefreshToken: true,
    identity: { userId: host.sandbox.users[0]!.username },
  });
  await shootBoth(page, 'add-account-refresh-token-added');
  console.check();
});
