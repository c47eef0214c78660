import type { Page } from '@playwright/test';
import { CompactEncrypt, generateKeyPair } from 'jose';
import { expect, test } from './fixtures';
import { shootBoth, watchConsole } from './ui-support';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('the Decoder section decodes a pasted JWT and says when a token is opaque', async ({
  page,
  host,
}) => {
  const console = watchConsole(page);
  await page.goto(host.url);
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Decoder' })
    .click();
  const input = page.getByLabel('Paste a JWT (access or ID token)');
  // Made right before it is pasted, so the relative times hold however long the page took.
  const now = Math.floor(Date.now() / 1000);
  const jwt = `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment({
    aud: 'api://orders',
    roles: ['Orders.Read', 'Orders.Write'],
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    iat: now - 165,
    exp: now + 265,
  })}.c2ln`;
  await input.fill(jwt);
  const claims = page.getByRole('table', { name: 'Claims', exact: true });
  await expect(claims.getByRole('row', { name: /^exp/ })).toContainText('in 4 minutes');
  await expect(claims.getByRole('row', { name: /^iat/ })).toContainText('3 minutes ago');
  await expect(claims.getByRole('row', { name: /^roles/ })).toContainText(
    'Orders.Read, Orders.Write',
  );
  await expect(claims.locator('tr.highlight')).toHaveCount(4);
  await shootBoth(page, 'decoder-paste');

  await input.fill('2YotnFZFEjr1zCsicMWpAA');
  await expect(page.getByRole('status').filter({ hasText: 'opaque' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  console.check();
});

test.describe('the decoder reads what people paste', () => {
  const openDecoder = async (page: Page, url: string) => {
    await page.goto(url);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Decoder' })
      .click();
    return page.getByLabel('Paste a JWT (access or ID token)');
  };

  test('an Authorization header with line breaks is decoded and its claims explained', async ({
    page,
    host,
  }) => {
    const console = watchConsole(page);
    const input = await openDecoder(page, host.url);
    const now = Math.floor(Date.now() / 1000);
    const jwt = `${segment({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${segment({
      aud: 'https://graph.microsoft.com',
      iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
      appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      scp: 'User.Read Mail.Read',
      tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      xms_cc: ['cp1'],
      iat: now - 60,
      exp: now + 3540,
    })}.c2lnbmF0dXJl`;
    const wrapped = `Authorization: Bearer ${jwt.match(/.{1,60}/g)!.join('\n')}`;
    await input.fill(wrapped);
    const claims = page.getByRole('table', { name: 'Claims', exact: true });
    await expect(claims.getByRole('row', { name: /^aud/ })).toContainText('Microsoft Graph');
    await expect(claims.getByRole('row', { name: /^aud/ })).toContainText('Audience');
    await expect(claims.getByRole('row', { name: /^appid/ })).toContainText('Azure CLI');
    await expect(claims.getByRole('row', { name: /^xms_cc/ })).toContainText('claims challenges');
    await expect(
      page.getByText(
        'Read past the “Authorization:” header name, the “Bearer” scheme, spaces and line breaks.',
      ),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await shootBoth(page, 'decoder-explained');
    console.check();
  });

  test('a JWE is encrypted, junk is opaque, a broken JWT names its part', async ({
    page,
    host,
  }) => {
    const console = watchConsole(page);
    const input = await openDecoder(page, host.url);
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"x"}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(publicKey);
    await input.fill(`Bearer ${jwe}`);
    const status = page.getByRole('main').getByRole('status');
    await expect(status).toContainText('encrypted');
    await expect(status).toContainText('cannot be read without the key');
    await expect(status).toContainText('RSA-OAEP-256');
    await expect(status).toContainText('A256GCM');
    await expect(page.getByRole('table')).toHaveCount(0);
    await shootBoth(page, 'decoder-jwe');

    await input.fill('"this is not a token, just junk!"');
    await expect(status).toHaveText(/opaque: only the provider can read it/);
    await expect(page.getByRole('table')).toHaveCount(0);

    const header = segment({ alg: 'RS256', typ: 'JWT' });
    await input.fill(`${header}.${Buffer.from('not json').toString('base64url')}.c2ln`);
    await expect(status).toContainText('Malformed JWT');
    await expect(status).toContainText('Part 2, the payload (the claims), is base64url but not');
    await expect(page.getByRole('table')).toHaveCount(0);
    await shootBoth(page, 'decoder-malformed');
    console.check();
  });

  test('banners say when a token has expired or is not valid yet', async ({ page, host }) => {
    const input = await openDecoder(page, host.url);
    const header = segment({ alg: 'RS256' });
    let now = Math.floor(Date.now() / 1000);
    await input.fill(`${header}.${segment({ sub: 'a', iat: now - 4200, exp: now - 600 })}.c2ln`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Expired 10 minutes ago, at');
    await shootBoth(page, 'decoder-expired');

    now = Math.floor(Date.now() / 1000);
    await input.fill(`${header}.${segment({ sub: 'a', nbf: now + 7200, exp: now + 10800 })}.c2ln`);
    await expect(alert).toContainText('Not valid yet: usable in 2 hours, from');

    now = Math.floor(Date.now() / 1000);
    await input.fill(`${header}.${segment({ sub: 'a', exp: now + 600 })}.c2ln`);
    await expect(page.getByRole('table', { name: 'Claims', exact: true })).toBeVisible();
    await expect(alert).toHaveCount(0);
  });

  test('a claim value is copied from the keyboard', async ({ page, host }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const input = await openDecoder(page, host.url);
    await input.fill(
      `${segment({ alg: 'RS256' })}.${segment({ aud: 'https://vault.azure.net', tid: 't-1' })}.c2ln`,
    );
    await expect(page.getByRole('button', { name: 'Copy aud' })).toBeVisible();
    await input.focus();
    // Tab from the paste box through the header's buttons to the aud row's.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (label === 'Copy aud') break;
    }
    await expect(page.getByRole('button', { name: 'Copy aud' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Copied the value of aud.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'https://vault.azure.net',
    );
    await expect(page.getByRole('row', { name: /^aud/ })).toContainText('Azure Key Vault');
  });
});
