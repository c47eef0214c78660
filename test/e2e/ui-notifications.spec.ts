/**
 * In-page notifications (issue 13): a host that cannot show desktop notifications (the browser
 * host) pushes `app:notification`; the window shows it as a polite status toast with "Open
 * account" when it names one, dismissed by Escape or its button, hidden after about 8 s unless
 * the pointer or the focus is on it.
 *
 * The push reaches the page as the host sends it, `{push, payload}` on the bridge's WebSocket
 * (`routeBridge` of push-support.ts: the web test host offers no way to push yet).
 */
import type { Page } from '@playwright/test';
import type { AppNotification } from '../../app/contract/channels';
import { axeViolations } from './axe';
import { expect, test } from './fixtures';
import { routeBridge } from './push-support';
import { accountOptions, openWithSandbox, shootBoth, watchConsole } from './ui-support';

const notices = (page: Page) => page.getByRole('status', { name: 'Notifications' });

/** The host's `app:notification` push, as the browser host sends it. */
async function bridgeRoute(page: Page): Promise<{ push: (n: AppNotification) => Promise<void> }> {
  const bridge = await routeBridge(page);
  return { push: (notification) => bridge.push('app:notification', notification) };
}

test('a notification: polite toast, Open account, Escape and Dismiss', async ({ page, host }) => {
  const console = watchConsole(page);
  const bridge = await bridgeRoute(page);
  await openWithSandbox(page, host);
  const account = host.engine.listAccounts().find((a) => a.name === 'Sandbox · password')!;

  await expect(notices(page)).toHaveAttribute('aria-live', 'polite');
  await bridge.push({
    title: 'Sandbox · password needs to sign in again',
    body: 'The grant is no longer valid. Sign in again.',
    accountId: account.id,
  });
  const toast = notices(page).getByRole('group', {
    name: 'Sandbox · password needs to sign in again',
  });
  await expect(toast).toContainText('The grant is no longer valid. Sign in again.');
  await shootBoth(page, 'notification');
  expect(await axeViolations(page, 'notification')).toEqual([]);

  // Open account: the account is shown, the notice goes.
  await toast.getByRole('button', { name: 'Open account' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Sandbox · password');
  await expect(toast).toHaveCount(0);

  // Without an account there is nothing to open; Escape dismisses it.
  await bridge.push({ title: 'Sign-in page not opened', body: 'Open http://127.0.0.1/x' });
  const plain = notices(page).getByRole('group', { name: 'Sign-in page not opened' });
  await expect(plain).toBeVisible();
  await expect(plain.getByRole('button', { name: 'Open account' })).toHaveCount(0);
  await accountOptions(page).first().click();
  await page.keyboard.press('Escape');
  await expect(plain).toHaveCount(0);

  // From the keyboard: Tab to its Dismiss button, Enter; focus goes back where it came from.
  await bridge.push({ title: 'Refresh failed', body: 'The provider is down.' });
  const failed = notices(page).getByRole('group', { name: 'Refresh failed' });
  const decoder = page.getByRole('navigation', { name: 'Sections' }).getByRole('button', {
    name: 'Decoder',
  });
  await decoder.focus();
  const dismiss = failed.getByRole('button', { name: 'Dismiss: Refresh failed' });
  await dismiss.focus();
  await page.keyboard.press('Enter');
  await expect(failed).toHaveCount(0);
  await expect(decoder).toBeFocused();
  console.check();
});

test('a notification hides itself after about 8 s, not while pointed at or focused', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.clock.install();
  const bridge = await bridgeRoute(page);
  await openWithSandbox(page, host);

  await bridge.push({ title: 'Copied', body: 'One' });
  const toast = notices(page).getByRole('group', { name: 'Copied' });
  await expect(toast).toBeVisible();
  await page.clock.fastForward(7_000);
  await expect(toast).toBeVisible();
  await page.clock.fastForward(1_500);
  await expect(toast).toHaveCount(0);

  // Pointed at: it stays; the time starts again when the pointer leaves.
  await bridge.push({ title: 'Hovered', body: 'Two' });
  const hovered = notices(page).getByRole('group', { name: 'Hovered' });
  await hovered.hover();
  await page.clock.fastForward(20_000);
  await expect(hovered).toBeVisible();
  await page.mouse.move(5, 650);
  await page.clock.fastForward(7_000);
  await expect(hovered).toBeVisible();
  await page.clock.fastForward(1_500);
  await expect(hovered).toHaveCount(0);

  // Focused: it stays until the focus leaves.
  await bridge.push({ title: 'Focused', body: 'Three' });
  const focused = notices(page).getByRole('group', { name: 'Focused' });
  await focused.getByRole('button', { name: 'Dismiss: Focused' }).focus();
  await page.clock.fastForward(20_000);
  await expect(focused).toBeVisible();
  await accountOptions(page).first().click();
  await page.clock.fastForward(8_500);
  await expect(focused).toHaveCount(0);
  console.check();
});
