import { describe, expect, it } from 'vitest';
import { listenForRedirect } from '../../app/flows/loopback-redirect';

describe('listenForRedirect (RFC 8252 §7.3)', () => {
  it('binds 127.0.0.1 on a random port and resolves with the full redirect URL', async () => {
    const listener = await listenForRedirect();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const stray = await fetch(new URL('/favicon.ico', listener.redirectUri));
    expect(stray.status).toBe(404);
    const page = await fetch(
      `${listener.redirectUri}?code=abc&state=xyz&iss=http%3A%2F%2F127.0.0.1`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You can close this tab');
    await expect(listener.result).resolves.toBe(
      `${listener.redirectUri}?code=abc&state=xyz&iss=http%3A%2F%2F127.0.0.1`,
    );
    await expect(fetch(listener.redirectUri)).rejects.toThrow(); // closed after one answer
  });

  it('shows an error page for an error redirect, escaping what the provider sent', async () => {
    const listener = await listenForRedirect({ path: '/auth' });
    const page = await fetch(`${listener.redirectUri}?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    await expect(listener.result).resolves.toContain('error=');
  });

  it('ignores requests that are not an authorization response', async () => {
    const listener = await listenForRedirect();
    expect((await fetch(listener.redirectUri)).status).toBe(400);
    expect((await fetch(listener.redirectUri, { method: 'POST', body: 'code=1' })).status).toBe(
      404,
    );
    await listener.close();
    await expect(listener.result).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('is cancelled by its signal and times out', async () => {
    const controller = new AbortController();
    const listener = await listenForRedirect({ signal: controller.signal });
    controller.abort();
    await expect(listener.result).rejects.toMatchObject({ code: 'cancelled' });
    const slow = await listenForRedirect({ timeoutMs: 50 });
    await expect(slow.result).rejects.toMatchObject({ code: 'timeout' });
  });
});
