import type { Browser, Page } from 'playwright-core';

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

/**
 * Plays the person on another device in the device code flow (RFC 8628 §3.3): opens the
 * verification page, types the user code, confirms, signs in and consents.
 */
export async function enterDeviceCode(
  browser: Browser,
  prompt: { verificationUri: string; userCode: string },
  credentials: { username: string; password: string },
  consent: 'allow' | 'deny' = 'allow',
): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(prompt.verificationUri);
    await page.getByLabel('Code').fill(prompt.userCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await signInAtSandbox(page, credentials, consent);
    await page.waitForLoadState();
  } finally {
    await context.close();
  }
}
