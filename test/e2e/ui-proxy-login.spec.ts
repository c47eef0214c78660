/**
 * A proxy asks for a user name and password: the window asks the person, keyboard first, and the
 * answer (or the cancel) goes back to the waiting requests. The host plays the proxy through the
 * same ProxyLogins the desktop app feeds from Electron's 'login' events.
 */
import { expect, test } from './fixtures';
import { shootBoth, watchConsole } from './ui-support';

const challenge = {
  isProxy: true,
  scheme: 'basic',
  host: 'proxy.corp.test',
  port: 8080,
  realm: 'Corp',
};

test('the person answers a proxy that asks for a password, or cancels it', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const settings = page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Settings' });
  await settings.focus();

  const answers: Array<[string | undefined, string | undefined]> = [];
  expect(host.proxyLogins.challenge(challenge, (u, p) => void answers.push([u, p]))).toBe('asked');
  const dialog = page.getByRole('dialog', { name: 'Proxy sign-in' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Proxy host')).toHaveValue('proxy.corp.test');
  await expect(dialog).toContainText('does not save this password');
  await shootBoth(page, 'proxy-login');
  // The user name has the focus: type, Tab to the password, Enter answers.
  await page.keyboard.type('ada');
  await dialog.getByLabel('Password').fill('correct horse');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(answers).toEqual([['ada', 'correct horse']]);
  // Focus goes back where it was.
  await expect(settings).toBeFocused();

  // Another proxy: Escape cancels, and the waiting request is told so.
  const other = { ...challenge, host: 'other.corp.test' };
  expect(host.proxyLogins.challenge(other, (u, p) => void answers.push([u, p]))).toBe('asked');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(answers.at(-1)).toEqual([undefined, undefined]);
  console.check();
});
