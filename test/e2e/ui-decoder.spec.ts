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
