/**
 * States people can act on (issue 13, item 3), with the provider made unreachable, failing or
 * refusing for real: the sandbox's port closed, its fault switches, a revocation. What the card
 * offers must follow the engine's target state: retrying on its own with a live countdown and one
 * Retry now, the cached token usable until it expires, Sign in again only where it helps, a
 * refused token never shown as valid, each failure said once.
 */
import type { Page } from '@playwright/test';
import { buildTrayMenu } from '../../app/tray/menu';
import { axeViolations } from './axe';
import { expect, test, type WebHost } from './fixtures';
import {
  accountBadge,
  openAccount,
  openWithSandbox,
  shootBoth,
  signInAtSandbox,
  targetCard,
  watchConsole,
} from './ui-support';

const BROWSER = 'Sandbox · browser sign-in';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

async function signedIn(page: Page, host: WebHost): Promise<void> {
  await openWithSandbox(page, host);
  await openAccount(page, BROWSER);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);
}

/** How many times `text` occurs in what the main area shows. */
async function occurrences(page: Page, text: string): Promise<number> {
  const shown = await page.getByRole('main').innerText();
  return shown.split(text).length - 1;
}

/** The buttons of the card that would try again (Retry now, Refresh now). */
const retryButtons = (page: Page) =>
  targetCard(page, 'Sandbox API').getByRole('button', { name: /^(Retry|Refresh)/ });

test('provider unreachable: "Offline — retrying in …", Retry now, the cached token still works', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await signedIn(page, host);
  const card = targetCard(page, 'Sandbox API');
  await expect(page.getByRole('button', { name: 'Sign in again' })).toBeVisible();

  // The provider goes away: its port is closed.
  await host.sandbox.close();
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(accountBadge(page)).toHaveText(/Offline/);
  await expect(card).toContainText(/Offline — retrying in \d+ s/);
  // A live countdown to the retry.
  const retryTimer = card.getByRole('timer', { name: 'Time until Sandbox API is retried' });
  const first = await retryTimer.textContent();
  await expect(retryTimer).not.toHaveText(first!);

  // Signing in cannot help while the provider is unreachable: not offered.
  await expect(page.getByRole('button', { name: /^Sign in/ })).toHaveCount(0);
  // One retry button, one account of the failure.
  await expect(retryButtons(page)).toHaveCount(1);
  await expect(retryButtons(page)).toHaveText('Retry now');
  const why = host.engine.listAccounts().find((a) => a.name === BROWSER)!.targets[0]!.lastError!;
  expect(why.code).toBe('network');
  expect(await occurrences(page, why.message)).toBe(1);
  await expect(card.getByRole('timer', { name: 'Time left on the Sandbox API token' })).toHaveText(
    /left/,
  );
  await expect(card).toContainText('The token already here still works until');
  await card.locator('.target-status').scrollIntoViewIfNeeded();
  await shootBoth(page, 'offline');
  expect(await axeViolations(page)).toEqual([]);

  // The cached token is handed out while it lasts.
  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(() => host.clipboard.text).toMatch(JWT);

  // Retry now tries again at once (a new attempt is recorded) and says it still fails, once.
  const failures = () =>
    host.engine.activity().filter((e) => e.kind === 'refresh-failed' && e.accountName === BROWSER)
      .length;
  const before = failures();
  await card.getByRole('button', { name: 'Retry now' }).click();
  await expect.poll(failures).toBe(before + 1);
  await expect(card.getByRole('status').filter({ hasText: 'still fails' })).toBeVisible();
  await expect(card).toContainText(/Offline — retrying in \d+/);
  expect(await occurrences(page, why.message)).toBe(1);

  // The tray says the same: offline, and the token can still be copied.
  const tray = buildTrayMenu(host.engine.listAccounts(), Date.now());
  const submenu = tray.items.find((i) => i.kind === 'submenu' && i.label.startsWith(BROWSER));
  expect(submenu?.kind === 'submenu' && submenu.label).toMatch(/offline, retrying/);
  console.check();
});

test('provider failing: retrying with one Retry now, which brings the token back', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await signedIn(page, host);
  const card = targetCard(page, 'Sandbox API');

  host.sandbox.faults.inject({ kind: 'status500', path: '/token', times: 50 });
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(card).toContainText(/The provider is failing — retrying in \d+/);
  await expect(accountBadge(page)).toHaveText(/Retrying/);
  await expect(page.getByRole('button', { name: /^Sign in/ })).toHaveCount(0);
  await expect(retryButtons(page)).toHaveCount(1);
  // The provider's words once (the engine's message repeats them: it is left out).
  expect(await occurrences(page, 'injected status500 fault')).toBe(1);
  await card.locator('.target-status').scrollIntoViewIfNeeded();
  await shootBoth(page, 'retrying');

  host.sandbox.faults.clear();
  await card.getByRole('button', { name: 'Retry now' }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(card).not.toContainText('retrying');
  await expect(card.getByRole('button', { name: 'Refresh now' })).toBeVisible();
  await expect(retryButtons(page)).toHaveCount(1);
  expect(await occurrences(page, 'injected status500 fault')).toBe(0);
  console.check();
});

test('revoked: the dead token is never offered as valid; Sign in again is the one way', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await signedIn(page, host);
  const card = targetCard(page, 'Sandbox API');

  await host.sandbox.revokeUserGrants(host.sandbox.users[0]!.username);
  await card.getByRole('button', { name: 'Refresh now' }).click();
  await expect(accountBadge(page)).toHaveText(/Needs sign-in/);
  // The access token is still cached by the engine, but no time left is shown for it.
  const view = host.engine.listAccounts().find((a) => a.name === BROWSER)!;
  expect(view.targets[0]!.expiresOn).toBeGreaterThan(Date.now() + 50 * 60_000);
  await expect(card.getByRole('timer')).toHaveCount(0);
  await expect(card).not.toContainText(/\d+ min .* left/);
  await expect(card).toContainText('No valid token');
  for (const name of ['Copy', 'Copy as header', 'Copy as curl', 'Reveal', 'Decode'])
    await expect(card.getByRole('button', { name, exact: true })).toBeDisabled();

  // One way forward, the main one; the provider's words once.
  const signIn = page.getByRole('button', { name: 'Sign in again' });
  await expect(signIn).toHaveCount(1);
  await expect(signIn).toHaveClass(/primary/);
  await expect(retryButtons(page)).toHaveCount(0);
  const why = view.targets[0]!.lastError!;
  expect(why.code).toBe('invalid_grant');
  expect(await occurrences(page, why.providerErrorDescription!)).toBe(1);
  await shootBoth(page, 'needs-sign-in');
  expect(await axeViolations(page)).toEqual([]);

  // The tray offers neither the token nor its time.
  const tray = buildTrayMenu(host.engine.listAccounts(), Date.now());
  const submenu = tray.items.find((i) => i.kind === 'submenu' && i.label.startsWith(BROWSER));
  if (submenu?.kind !== 'submenu') throw new Error('no tray submenu for the account');
  expect(submenu.items).toContainEqual({
    kind: 'item',
    label: 'Sandbox API: sign in again',
    enabled: false,
  });
  expect(submenu.items).toContainEqual(
    expect.objectContaining({ label: 'Copy token: Sandbox API', enabled: false }),
  );

  await signIn.click();
  await signInAtSandbox(await host.nextAuthPage(), host.sandbox.users[0]!);
  await expect(accountBadge(page)).toHaveText(/Valid/);
  await expect(card.getByRole('timer')).toHaveText(/left/);
  console.check();
});
