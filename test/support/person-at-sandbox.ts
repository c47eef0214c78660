import type { Page } from 'playwright-core';

/** Signs in at the sandbox login page and answers its consent page. */
export async function signInAtSandbox(
  page: Page,
  credentials: { username: string; password: string },
  consent: 'allow' | 'deny' = 'allow',
): Promise<void> {
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: consent === 'allow' ? 'Allow' : 'Deny' }).click();
}
