import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  isLoopbackHostname,
  mainWindowNavigation,
  originOf,
} from '../../app/host/app-origin';
import { APP_CSP, appResponseHeaders, resolveAppRequest } from '../../app/host/app-protocol';

const root = resolve('/opt/TokenDock/resources/app.asar/out/renderer');

describe('resolveAppRequest (app://tokendock/ → the renderer bundle)', () => {
  it('serves files of the bundle with their content type', () => {
    expect(resolveAppRequest(APP_ENTRY_URL, root)).toEqual({
      kind: 'file',
      path: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('app://tokendock/', root)).toMatchObject({
      kind: 'file',
      path: join(root, 'index.html'),
    });
    expect(resolveAppRequest('app://tokendock/assets/index-abc.js?v=1#x', root)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://tokendock/assets/a%20b.css', root)).toMatchObject({
      kind: 'file',
      path: join(root, 'assets', 'a b.css'),
    });
    expect(resolveAppRequest('app://tokendock/x.svg', root, 'HEAD')).toMatchObject({
      kind: 'file',
    });
  });

  it.each([
    ['dot-dot (normalised by URL parsing, stays inside)', 'app://tokendock/../../etc/passwd.txt'],
    ['encoded dot-dot', 'app://tokendock/%2e%2e/%2e%2e/etc/passwd.txt'],
    ['encoded slash', 'app://tokendock/..%2f..%2fetc%2fpasswd.txt'],
    ['encoded backslash', 'app://tokendock/..%5c..%5cwindows%5cwin.ini'],
    ['double-encoded dot-dot', 'app://tokendock/%252e%252e/secret.txt'],
    ['NUL byte', 'app://tokendock/index.html%00.png'],
    ['bad percent-encoding', 'app://tokendock/%E0%A4%A.js'],
    ['another host', 'app://evil/index.html'],
    ['a lookalike host', 'app://tokendock.evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://tokendock/index.html'],
    ['unknown type', 'app://tokendock/secrets.db'],
    ['no extension', 'app://tokendock/assets'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => {
    const result = resolveAppRequest(url, root);
    if (result.kind === 'file') {
      // URL parsing may already have removed dot segments: then the file must still be inside.
      expect(result.path.startsWith(root + (root.endsWith('/') ? '' : '/'))).toBe(true);
      expect(result.path).not.toContain('..');
    } else {
      expect(result.kind).toBe('refused');
    }
  });

  it('never resolves outside the bundle, and refuses traversal outright', () => {
    // URL parsing removes (encoded) dot segments first: what is left is a path inside the bundle.
    expect(resolveAppRequest('app://tokendock/%2e%2e/%2e%2e/etc/passwd.txt', root)).toEqual({
      kind: 'file',
      path: join(root, 'etc', 'passwd.txt'),
      contentType: 'text/plain; charset=utf-8',
    });
    expect(resolveAppRequest('app://tokendock/..%2f..%2fetc/passwd.txt', root)).toMatchObject({
      kind: 'refused',
      status: 400,
    });
    expect(resolveAppRequest('app://tokendock/a/..%2f..%2f..%2fx.js', root)).toMatchObject({
      kind: 'refused',
    });
  });

  it('allows only GET and HEAD', () => {
    expect(resolveAppRequest(APP_ENTRY_URL, root, 'POST')).toMatchObject({
      kind: 'refused',
      status: 405,
    });
  });

  it('every response carries the CSP and nosniff', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toBe(APP_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).not.toContain('unsafe');
  });
});

describe('app origin', () => {
  it('originOf parses; custom schemes get an origin; opaque ones none', () => {
    expect(originOf('app://tokendock/index.html')).toBe(APP_ORIGIN);
    expect(originOf('APP://TokenDock/x')).toBe(APP_ORIGIN);
    expect(originOf('https://Example.com:443/x')).toBe('https://example.com');
    expect(originOf('https://example.com:8443/x')).toBe('https://example.com:8443');
    for (const url of ['file:///x', 'data:,x', 'javascript:1', 'about:blank', 'nope', ''])
      expect(originOf(url)).toBeUndefined();
    expect(originOf('https://user:pw@example.com/')).toBeUndefined();
  });

  it('the main window stays on the app origin', () => {
    expect(mainWindowNavigation('app://tokendock/index.html#/accounts')).toBe('allow');
    for (const url of [
      'https://evil.test/',
      'app://tokendock.evil/',
      'app://evil/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://127.0.0.1:5555/',
    ])
      expect(mainWindowNavigation(url)).toBe('block');
  });

  it('loopback is 127.0.0.0/8 and [::1], not localhost', () => {
    expect(isLoopbackHostname('127.0.0.1')).toBe(true);
    expect(isLoopbackHostname('127.1.2.3')).toBe(true);
    expect(isLoopbackHostname('[::1]')).toBe(true);
    expect(isLoopbackHostname('localhost')).toBe(false);
    expect(isLoopbackHostname('127.0.0.1.evil.test')).toBe(false);
    expect(isLoopbackHostname('128.0.0.1')).toBe(false);
    expect(isLoopbackHostname('127.0.0.256')).toBe(false);
  });
});
