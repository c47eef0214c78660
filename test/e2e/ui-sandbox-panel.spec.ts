import { expect, test } from './fixtures';
import { accountOptions, openWithSandbox, shootBoth, watchConsole } from './ui-support';

/**
 * The sandbox as a tool: a panel with what other programs need (issuer, clients, secrets, the
 * certificate and key, users), there after a reload; "Try the sandbox" a second time offers to
 * reset instead of adding a second set.
 */
test('shows the sandbox’s issuer, clients, certificate and users, after a reload too', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('button', { name: 'Sandbox' }).click();
  const panel = page.getByRole('region', { name: 'Sandbox provider' });
  await expect(panel).toContainText(host.sandbox.issuer);
  await expect(panel).toContainText(host.sandbox.clients.daemon.clientSecret);
  await expect(panel).toContainText(host.sandbox.clients.certDaemon.thumbprintSha1Hex);
  await expect(panel).toContainText('6 demo accounts are in your list.');
  for (const user of host.sandbox.users) await expect(panel).toContainText(user.password);

  // The certificate and its key download as PEM files.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download the certificate' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${host.sandbox.clients.certDaemon.clientId}.crt.pem`);
  const { readFile } = await import('node:fs/promises');
  expect(await readFile((await file.path())!, 'utf8')).toBe(
    host.sandbox.clients.certDaemon.certificatePem,
  );

  // Copy a secret by keyboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = panel
    .getByRole('button', { name: `Copy the secret of ${host.sandbox.clients.daemon.clientId}` })
    .first();
  await copy.focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    host.sandbox.clients.daemon.clientSecret,
  );
  await shootBoth(page, 'sandbox-panel');

  // After a reload the users and passwords are still there (the engine knows them).
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Sandbox' })
    .click();
  await expect(panel).toContainText(host.sandbox.users[0]!.password);
  console.check();
});

test('trying the sandbox again offers a reset, never a second set', async ({ page, host }) => {
  await openWithSandbox(page, host);
  const ids = async () =>
    host.engine
      .listAccounts()
      .map((a) => a.id)
      .sort();
  const first = await ids();
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Sandbox' })
    .click();
  const panel = page.getByRole('region', { name: 'Sandbox provider' });
  await panel.getByRole('button', { name: 'Try the sandbox provider' }).click();
  const offer = panel.getByRole('alert');
  await expect(offer).toContainText('The sandbox’s 6 demo accounts are there already.');
  await shootBoth(page, 'sandbox-reset-offer');

  // Keep them: nothing changes.
  await offer.getByRole('button', { name: 'Keep them' }).click();
  await expect(offer).toHaveCount(0);
  expect(await ids()).toEqual(first);

  // Reset: six fresh accounts, none of the old ones, still six.
  await panel.getByRole('button', { name: 'Try the sandbox provider' }).click();
  await panel
    .getByRole('alert')
    .getByRole('button', { name: 'Reset the sandbox accounts' })
    .click();
  await expect
    .poll(async () => {
      const now = await ids();
      return now.length === 6 && now.every((id) => !first.includes(id));
    })
    .toBe(true);
  await expect(accountOptions(page)).toHaveCount(6);
  await expect(panel.getByRole('alert')).toHaveCount(0);
});
