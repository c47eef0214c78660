import { expect, test } from './fixtures';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/**
 * A JWT expiring 4 minutes from now: made right before it is pasted, so "in 4 min" holds however
 * long the page took to open ("in 4 min" is shown from 3 min 30 s to 4 min 30 s left).
 */
const jwtExpiringIn4Minutes = () =>
  `${segment({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${segment({
    aud: 'api://tokendock-sandbox',
    scp: 'api.read',
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    exp: Math.floor(Date.now() / 1000) + 265,
    name: 'Ada Lovelace',
  })}.c2lnbmF0dXJl`;

for (const scheme of ['light', 'dark'] as const) {
  test(`decodes a pasted JWT, highlighting aud, scp, exp and tid (${scheme})`, async ({
    page,
    host,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Decoder' }).click();
    const input = page.getByLabel('Paste a JWT (access or ID token)');
    await input.focus();
    await expect(input).toBeFocused();
    await input.fill(jwtExpiringIn4Minutes());

    const claims = page.getByRole('table', { name: 'Claims' });
    await expect(claims.getByRole('row', { name: /aud/ })).toContainText('api://tokendock-sandbox');
    await expect(claims.getByRole('row', { name: /exp/ })).toContainText(/in 4 min/);
    await expect(claims.locator('tr.highlight')).toHaveCount(4);
    await expect(page.getByRole('table', { name: 'Header' })).toContainText('RS256');
    await page.screenshot({
      path: `test-results/screenshots/decoder-${scheme}.png`,
      fullPage: true,
    });
  });
}

test('says plainly when a token is opaque', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Decoder' }).click();
  await page.getByLabel('Paste a JWT (access or ID token)').fill('2YotnFZFEjr1zCsicMWpAA');
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/opaque/);
  await expect(page.getByRole('table')).toHaveCount(0);
});
