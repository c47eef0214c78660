/**
 * axe-core (WCAG 2.1 A and AA rules) on every screen, in the light and the dark theme: any
 * violation fails, with the rule, the element and the reason in the message.
 */
import { axeViolations } from './axe';
import { expect, test } from './fixtures';
import { openAccount, openWithSandbox } from './ui-support';

test('every screen passes axe-core in both themes', async ({ page, host }) => {
  const found: string[] = [];
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  found.push(...(await axeViolations(page, 'first run')));

  await openWithSandbox(page, host);
  found.push(...(await axeViolations(page, 'accounts')));
  await openAccount(page, 'Sandbox · browser sign-in');
  found.push(...(await axeViolations(page, 'account detail')));

  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  found.push(...(await axeViolations(page, 'remove dialog')));
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
  found.push(...(await axeViolations(page, 'edit account')));

  await openAccount(page, 'Sandbox · password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  found.push(...(await axeViolations(page, 'password dialog')));
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: '+ Add account' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
  found.push(...(await axeViolations(page, 'add account')));

  const sections = page.getByRole('navigation', { name: 'Sections' });
  const headings: Record<string, RegExp> = {
    Decoder: /Decode/,
    Activity: /Activity/,
    Sandbox: /Sandbox provider/,
    Settings: /Settings/,
  };
  for (const [section, heading] of Object.entries(headings)) {
    await sections.getByRole('button', { name: section }).click();
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    found.push(...(await axeViolations(page, section.toLowerCase())));
  }
  expect(found).toEqual([]);
});
