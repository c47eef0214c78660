import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { openAccount, openWithSandbox, shootBoth, watchConsole } from './ui-support';

/**
 * Sharing a set-up: export the accounts as JSON without secrets, import such a file (typing the
 * secrets it leaves out), and a tokendock://add link that fills the Add account form.
 */
test('exports without secrets and imports with the secrets typed in', async ({ page, host }) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('button', { name: 'Settings' }).click();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export 6 accounts' }).click();
  const file = await download;
  const text = await readFile((await file.path())!, 'utf8');
  const { daemon, certDaemon, middleTier } = host.sandbox.clients;
  for (const secret of [daemon.clientSecret, middleTier.clientSecret, certDaemon.privateKeyPem])
    expect(text).not.toContain(secret.slice(0, 40));
  expect(JSON.parse(text)).toMatchObject({ format: 'tokendock-accounts', version: 1 });

  // Import it back: the accounts that need a secret ask for it.
  await page.getByLabel('Import accounts…').setInputFiles({
    name: 'colleague.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  const list = page.getByRole('form', { name: 'Accounts in colleague.json' });
  await expect(list).toContainText('6 accounts in colleague.json');
  const secrets = list.getByLabel(/the file leaves it out/);
  await expect(secrets).toHaveCount(3);
  await list
    .getByRole('listitem')
    .filter({ hasText: 'Sandbox · daemon (secret)' })
    .getByLabel(/client secret/)
    .fill(daemon.clientSecret);
  await list
    .getByRole('listitem')
    .filter({ hasText: 'Sandbox · daemon (certificate)' })
    .getByLabel(/private key/)
    .fill(certDaemon.privateKeyPem);
  await list
    .getByRole('listitem')
    .filter({ hasText: 'Sandbox · on-behalf-of' })
    .getByLabel(/client secret/)
    .fill(middleTier.clientSecret);
  await shootBoth(page, 'import-accounts');
  await list.getByRole('button', { name: 'Import 6' }).click();
  const outcomes = page.getByRole('status').filter({ hasText: 'Added Sandbox · password.' });
  await expect(outcomes).toBeVisible();
  await expect(outcomes.getByRole('listitem')).toHaveCount(6);
  await expect(outcomes).not.toContainText('was not added');

  // Twelve accounts; the imported on-behalf-of account takes its token from the imported browser account.
  const all = host.engine.listAccounts();
  expect(all).toHaveLength(12);
  const importedObo = all.filter((a) => a.name === 'Sandbox · on-behalf-of').at(-1)!;
  const importedBrowser = all.filter((a) => a.name === 'Sandbox · browser sign-in').at(-1)!;
  expect(importedObo.assertionFrom?.accountId).toBe(importedBrowser.id);
  console.check();
});

test('a tokendock://add link fills the Add account form', async ({ page, host }) => {
  await openWithSandbox(page, host);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAccount(page, 'Sandbox · daemon (secret)');
  await page.getByRole('button', { name: 'Copy link to Sandbox · daemon (secret)' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith('tokendock://add?account=')).toBe(true);
  expect(link).not.toContain(host.sandbox.clients.daemon.clientSecret);

  await page.getByRole('button', { name: '+ Add account' }).click();
  await page.getByText('Have a TokenDock link? Paste it here').click();
  const field = page.getByLabel('TokenDock link');
  await field.fill(link);
  await field.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: 'Filled in from the link' }),
  ).toBeVisible();
  await expect(page.getByLabel('Account name')).toHaveValue('Sandbox · daemon (secret)');
  await expect(page.getByLabel('Client (application) id')).toHaveValue(
    host.sandbox.clients.daemon.clientId,
  );
  await shootBoth(page, 'add-from-link');

  // A damaged link is said at the field.
  await field.fill('tokendock://add?account=%7Bbroken');
  await field.press('Enter');
  await expect(page.getByText('The link is damaged: its account is not readable.')).toBeVisible();
});
