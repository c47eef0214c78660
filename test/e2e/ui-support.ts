import type { Page } from '@playwright/test';
import { expect, type WebHost } from './fixtures';

/**
 * Helpers of the UI specs (`ui-*.spec.ts`): open the app, try the sandbox, find accounts and
 * target cards, take screenshots in both colour schemes, and fail on console errors.
 */

/** Collects console errors and page errors; `check()` expects none. */
export function watchConsole(page: Page): { check: () => void } {
  const problems: string[] = [];
  page.on('console', (message) => {
    // index.html's CSP meta also names frame-ancestors (for hosts that copy it into a header);
    // Chromium says it ignores that directive in a meta element.
    if (message.type() === 'error' && !message.text().includes("'frame-ancestors' is ignored"))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { check: () => expect(problems).toEqual([]) };
}

/** Opens the app and adds the sandbox's demo accounts. */
export async function openWithSandbox(page: Page, host: WebHost): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Try the sandbox provider' }).click();
  await expect(accountOptions(page)).toHaveCount(6);
}

export const accountOptions = (page: Page) =>
  page.getByRole('listbox', { name: 'Accounts' }).getByRole('option');

/** Chooses an account in the sidebar and waits for its detail. */
export async function openAccount(page: Page, name: string): Promise<void> {
  await accountOptions(page).filter({ hasText: name }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

/** The card of one target in the account detail. */
export const targetCard = (page: Page, label: string) =>
  page.getByRole('region', { name: label, exact: true });

/** The account detail's overall state badge. */
export const accountBadge = (page: Page) => page.locator('.detail-title .badge');

/** Screenshots of the current screen in light and dark, at the page's viewport. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Plays the person on the sandbox's login and consent pages. */
export async function signInAtSandbox(
  page: Page,
  user: { username: string; password: string },
): Promise<void> {
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
}

/** The error message shown right under a field (its aria-describedby). */
export const fieldError = (page: Page, label: string) =>
  page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
