import { expect, test } from './fixtures';
import {
  accountBadge,
  accountOptions,
  openAccount,
  openWithSandbox,
  shootBoth,
  watchConsole,
} from './ui-support';

const DAEMONS = ['Sandbox · daemon (secret)', 'Sandbox · daemon (certificate)'];

test('refresh all: every signed-in target is refreshed, with a status, by keyboard', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const refreshAll = page.getByRole('button', { name: 'Refresh all' });
  // The sandbox signs its two daemons in (client credentials); the others hold no token.
  for (const name of DAEMONS) {
    await openAccount(page, name);
    await expect(accountBadge(page)).toHaveText(/Valid/);
  }
  const signedIn = () =>
    host.engine
      .listAccounts()
      .filter((a) => DAEMONS.includes(a.name))
      .flatMap((a) => a.targets.map((t) => ({ id: `${a.id}/${t.id}`, at: t.lastRefreshOn ?? 0 })));
  const before = signedIn();
  expect(before).toHaveLength(2);
  const requests = host.sandbox.tokenRequests.length;

  // The refresh is quick: record every status the button and the message pass through.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const bar = document.querySelector('.top-bar')!;
    const button = [...bar.querySelectorAll('button')].find(
      (b) => b.textContent === 'Refresh all',
    )!;
    const status = bar.querySelector('[role="status"]')!;
    new MutationObserver(() =>
      seen.push(`${status.textContent} | ${button.getAttribute('aria-disabled') ?? 'enabled'}`),
    ).observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await refreshAll.focus();
  await page.keyboard.press('Enter');
  const status = page.locator('.top-bar').getByRole('status');
  await expect(status).toHaveText('Refreshed 2 accounts.');
  await expect(refreshAll).toBeFocused();
  await expect(refreshAll).not.toHaveAttribute('aria-disabled');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen).toContain('Refreshing 2 accounts… | true');
  expect(seen.at(-1)).toBe('Refreshed 2 accounts. | enabled');

  const after = signedIn();
  for (const target of before) {
    const now = after.find((t) => t.id === target.id);
    expect(now?.at).toBeGreaterThan(target.at);
  }
  expect(host.sandbox.tokenRequests.length).toBe(requests + 2);
  await shootBoth(page, 'account-actions-refresh-all');
  console.check();
});

test('duplicate: the copy is signed out, selected, and keeps the client secret', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await openWithSandbox(page, host);
  const name = DAEMONS[0]!;
  await openAccount(page, name);
  await expect(accountBadge(page)).toHaveText(/Valid/);

  const duplicate = page.getByRole('button', { name: `Duplicate ${name}` });
  await duplicate.focus();
  await page.keyboard.press('Enter');

  const heading = page.getByRole('heading', { level: 2, name: `${name} (copy)` });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(accountBadge(page)).toHaveText(/Signed out/);
  await expect(accountOptions(page)).toHaveCount(7);
  await expect(accountOptions(page).filter({ hasText: `${name} (copy)` })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const copy = host.engine.listAccounts().find((a) => a.name === `${name} (copy)`);
  expect(copy?.state).toBe('signed-out');
  expect(copy?.targets.every((t) => t.expiresOn === undefined)).toBe(true);
  // The original is untouched.
  expect(host.engine.listAccounts().find((a) => a.name === name)?.state).toBe('valid');
  await shootBoth(page, 'account-actions-duplicate');

  // The client secret came along: client credentials sign the copy in.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(accountBadge(page)).toHaveText(/Valid/);
  console.check();
});
