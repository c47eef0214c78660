import { expect, test } from './fixtures';
import { STRICT_AUDIENCE_CERT_CLIENT_ID } from '../../app/sandbox/clients';
import {
  accountBadge,
  accountOptions,
  shootBoth,
  targetCard,
  watchConsole,
  fieldError,
} from './ui-support';
import { freePort } from '../support/free-port';

test('invalid input: bad issuer URL, unreachable issuer, malformed PEM → field errors, nothing saved', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await expect(page.getByRole('heading', { name: 'Add account' })).toBeVisible();
  await shootBoth(page, 'add-account');

  await page.getByRole('radio', { name: /OpenID Connect provider/ }).check();
  await page.getByLabel('Account name').fill('Broken provider');
  const issuer = page.getByLabel('Issuer URL');
  await issuer.fill('not a url');
  await expect(fieldError(page, 'Issuer URL')).toContainText('is not a URL');
  await expect(issuer).toHaveAttribute('aria-invalid', 'true');
  await issuer.fill('http://login.example.com');
  await expect(fieldError(page, 'Issuer URL')).toContainText('uses plain http');

  await issuer.fill(`http://127.0.0.1:${await freePort()}`);
  await expect(fieldError(page, 'Issuer URL')).toContainText('Discovery failed', {
    timeout: 15_000,
  });
  await page.getByRole('button', { name: 'Add account' }).last().click();
  const summary = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('The client (application) id is required.');
  await expect(fieldError(page, 'Client (application) id')).toHaveText(
    /client \(application\) id is required/,
  );
  await page.getByLabel('Client (application) id').fill('my-client');
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(fieldError(page, 'Issuer URL')).toContainText('Discovery failed');
  expect(host.engine.listAccounts()).toHaveLength(0);
  await shootBoth(page, 'add-account-errors');

  // Malformed PEM: the sandbox, client credentials with a certificate.
  await page.getByRole('radio', { name: /TokenDock sandbox/ }).check();
  await page.getByRole('radio', { name: /App only \(client credentials\)/ }).check();
  await page.getByLabel('Client (application) id').fill('tokendock-cert-daemon');
  await page.getByRole('radio', { name: 'A certificate' }).check();
  await page.getByLabel('Certificate (PEM)').fill('this is not a certificate');
  await page.getByLabel('Private key (PEM)').fill('nor a key');
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(fieldError(page, 'Certificate (PEM)')).toContainText('Paste the certificate as PEM');
  await expect(fieldError(page, 'Private key (PEM)')).toContainText('Paste the private key as PEM');

  // Shaped like PEM, but not: the engine parses it and says which field is wrong.
  await page
    .getByLabel('Certificate (PEM)')
    .fill('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----');
  await page.getByLabel('Private key (PEM)').fill(host.sandbox.clients.certDaemon.privateKeyPem);
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(fieldError(page, 'Certificate (PEM)')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  expect(host.engine.listAccounts()).toHaveLength(0);
  await expect(accountOptions(page)).toHaveCount(0);

  // Fixed: saved, and it signs in.
  await page.getByLabel('Certificate (PEM)').fill(host.sandbox.clients.certDaemon.certificatePem);
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Broken provider' })).toBeVisible();
  expect(host.engine.listAccounts()).toHaveLength(1);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  console.check();
});

test('adds a client-secret account through the form, signs in, edits it', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const daemon = host.sandbox.clients.daemonPost;
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await page.getByRole('radio', { name: /TokenDock sandbox/ }).check();
  await expect(page.getByText('Discovery works')).toBeVisible();
  await page.getByLabel('Account name').fill('Posting daemon');
  await page.getByRole('radio', { name: /App only/ }).check();
  await page.getByLabel('Client (application) id').fill(daemon.clientId);
  await page.getByLabel('Client secret', { exact: true }).fill(daemon.clientSecret);
  await page.getByRole('radio', { name: 'In the request body' }).check();
  await page.getByLabel('URL for “Copy as curl” (optional)').fill('https://api.example.com/orders');
  await page.getByRole('button', { name: 'Add account' }).last().click();

  await expect(page.getByRole('heading', { level: 2, name: 'Posting daemon' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  const card = targetCard(page, 'Sandbox API');
  await card.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(card.getByRole('status')).toHaveText(/Copied a curl command/);
  expect(host.clipboard.text).toMatch(
    /^curl -H 'Authorization: Bearer .+' 'https:\/\/api\.example\.com\/orders'$/,
  );

  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Posting daemon' })).toBeVisible();
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('');
  await expect(page.getByText('A secret is stored.')).toBeVisible();
  await page.getByLabel('Account name').fill('Posting daemon (renamed)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Posting daemon (renamed)' }),
  ).toBeVisible();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  console.check();
});

test('client authentication options set by keyboard: assertion audience, certificate chain, automatic secret method', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  const cert = host.sandbox.clients.certDaemon;
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await page.getByRole('radio', { name: /TokenDock sandbox/ }).check();
  await page.getByLabel('Account name').fill('Strict certificate daemon');
  await page.getByRole('radio', { name: /App only \(client credentials\)/ }).check();
  // The sandbox client that takes nothing but the token endpoint as the assertion's audience.
  await page.getByLabel('Client (application) id').fill(STRICT_AUDIENCE_CERT_CLIENT_ID);
  await page.getByRole('radio', { name: 'A certificate' }).check();
  await page.getByLabel('Certificate (PEM)').fill(cert.certificatePem);
  await page.getByLabel('Private key (PEM)').fill(cert.privateKeyPem);

  const tokenEndpoint = page.getByRole('radio', { name: 'The token endpoint' });
  const issuer = page.getByRole('radio', { name: 'The issuer' });
  const chain = page.getByRole('checkbox', { name: 'Send the certificate chain (x5c)' });
  await expect(tokenEndpoint).toBeChecked();
  await expect(chain).not.toBeChecked();
  await tokenEndpoint.focus();
  await page.keyboard.press('ArrowDown');
  await expect(issuer).toBeChecked();
  await expect(issuer).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(chain).toBeFocused();
  await page.keyboard.press('Space');
  await expect(chain).toBeChecked();
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Strict certificate daemon' }),
  ).toBeVisible();
  // The save is written before the engine answers; the page may show the account first.
  await expect
    .poll(() => host.engine.listAccounts()[0]?.clientAuth)
    .toMatchObject({ kind: 'certificate', audience: 'issuer', sendChain: true });

  // Back to the token endpoint, without the chain: the strict provider signs it in.
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(issuer).toBeChecked();
  await expect(chain).toBeChecked();
  await issuer.focus();
  await page.keyboard.press('ArrowUp');
  await expect(tokenEndpoint).toBeChecked();
  await chain.focus();
  await page.keyboard.press('Space');
  await expect(chain).not.toBeChecked();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Strict certificate daemon' }),
  ).toBeVisible();
  await expect
    .poll(() => host.engine.listAccounts()[0]?.clientAuth)
    .toEqual(expect.not.objectContaining({ audience: expect.anything() }));
  const saved = host.engine.listAccounts()[0]?.clientAuth;
  expect(saved).toMatchObject({ kind: 'certificate' });
  expect(saved).not.toHaveProperty('sendChain');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);

  // A secret: sent "automatically" unless chosen otherwise.
  const daemon = host.sandbox.clients.daemon;
  await page.getByRole('button', { name: 'Add account' }).first().click();
  await page.getByRole('radio', { name: /TokenDock sandbox/ }).check();
  await page.getByLabel('Account name').fill('Automatic daemon');
  await page.getByRole('radio', { name: /App only \(client credentials\)/ }).check();
  await page.getByLabel('Client (application) id').fill(daemon.clientId);
  await page.getByRole('radio', { name: 'A client secret' }).check();
  await page.getByLabel('Client secret', { exact: true }).fill(daemon.clientSecret);
  const automatic = page.getByRole('radio', { name: 'Automatically' });
  const header = page.getByRole('radio', { name: 'In the Authorization header' });
  await expect(automatic).toBeChecked();
  await automatic.focus();
  await page.keyboard.press('ArrowDown');
  await expect(header).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(automatic).toBeChecked();
  await page.getByRole('button', { name: 'Add account' }).last().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Automatic daemon' })).toBeVisible();
  expect(host.engine.listAccounts().find((a) => a.name === 'Automatic daemon')?.clientAuth).toEqual(
    { kind: 'secret', method: 'automatic' },
  );
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  console.check();
});
