import { describe, expect, it } from 'vitest';
import {
  authNavigation,
  authorityOriginsFor,
  ENTRA_LOGIN_HOSTS,
  isRedirectTo,
  type AuthNavigationVerdict,
} from '../../app/host/auth-navigation';

const entraAuthorize =
  'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=c&state=s';
const entra = {
  authorityOrigins: authorityOriginsFor(entraAuthorize),
  redirectUri: 'https://login.microsoftonline.com/common/oauth2/nativeclient',
};
const sandboxAuthorize = 'http://127.0.0.1:5555/auth?client_id=tokendock-native';
const sandbox = {
  authorityOrigins: authorityOriginsFor(sandboxAuthorize),
  redirectUri: 'http://127.0.0.1/callback',
};
const generic = {
  authorityOrigins: authorityOriginsFor('https://idp.example.com/oauth2/authorize?x=1'),
  redirectUri: 'https://app.example.com/auth/callback',
};

const table: Array<[string, typeof entra, string, AuthNavigationVerdict]> = [
  // Entra ID: its own pages, across its hosts.
  ['entra login page', entra, 'https://login.microsoftonline.com/common/login', 'allow'],
  ['entra MSA hop', entra, 'https://login.live.com/oauth20_authorize.srf?x=1', 'allow'],
  ['entra US Gov', entra, 'https://login.microsoftonline.us/t/oauth2/authorize', 'allow'],
  ['entra China', entra, 'https://login.chinacloudapi.cn/t/oauth2/authorize', 'allow'],
  ['entra host in upper case', entra, 'https://LOGIN.MICROSOFTONLINE.COM/x', 'allow'],
  // Lookalikes and tricks.
  ['lookalike suffix', entra, 'https://login.microsoftonline.com.evil.test/', 'block'],
  ['lookalike prefix', entra, 'https://evillogin.microsoftonline.com/', 'block'],
  ['host in the path', entra, 'https://evil.test/login.microsoftonline.com', 'block'],
  ['host as user info', entra, 'https://login.microsoftonline.com@evil.test/', 'block'],
  ['credentials on the real host', entra, 'https://u:p@login.microsoftonline.com/', 'block'],
  ['http instead of https', entra, 'http://login.microsoftonline.com/common/login', 'block'],
  ['another port', entra, 'https://login.microsoftonline.com:8443/common', 'block'],
  ['an unrelated site', entra, 'https://example.com/', 'block'],
  // Schemes that are never a sign-in page.
  ['javascript:', entra, 'javascript:alert(document.cookie)', 'block'],
  ['file:', entra, 'file:///etc/passwd', 'block'],
  ['data:', entra, 'data:text/html,<script>alert(1)</script>', 'block'],
  ['about:blank', entra, 'about:blank', 'block'],
  ['blob:', entra, 'blob:https://login.microsoftonline.com/uuid', 'block'],
  ['not a URL', entra, 'not a url', 'block'],
  ['empty', entra, '', 'block'],
  // The redirect URI: caught with or without a query, not when the path differs.
  ['redirect without query', entra, entra.redirectUri, 'redirect-caught'],
  ['redirect with code', entra, `${entra.redirectUri}?code=abc&state=s`, 'redirect-caught'],
  ['redirect with error', entra, `${entra.redirectUri}?error=access_denied`, 'redirect-caught'],
  ['redirect with fragment', entra, `${entra.redirectUri}#code=abc`, 'redirect-caught'],
  ['redirect path + suffix', entra, `${entra.redirectUri}x?code=1`, 'allow'],
  // The sandbox on loopback: its own port only; the redirect on its own (default) port.
  ['sandbox page', sandbox, 'http://127.0.0.1:5555/interaction/abc', 'allow'],
  ['sandbox redirect', sandbox, 'http://127.0.0.1/callback?code=x&state=y', 'redirect-caught'],
  ['sandbox redirect, no query', sandbox, 'http://127.0.0.1/callback', 'redirect-caught'],
  [
    'sandbox redirect, explicit :80',
    sandbox,
    'http://127.0.0.1:80/callback?code=x',
    'redirect-caught',
  ],
  ['loopback, another port', sandbox, 'http://127.0.0.1:5556/interaction/abc', 'block'],
  ['redirect path, another port', sandbox, 'http://127.0.0.1:8080/callback?code=x', 'block'],
  ['redirect path, other path', sandbox, 'http://127.0.0.1/callback/extra?code=x', 'block'],
  ['IPv6 loopback', sandbox, 'http://[::1]:5555/', 'block'],
  ['localhost', sandbox, 'http://localhost:5555/', 'block'],
  ['https on the sandbox port', sandbox, 'https://127.0.0.1:5555/', 'block'],
  ['loopback lookalike', sandbox, 'http://127.0.0.1.evil.test:5555/', 'block'],
  ['Entra from a sandbox sign-in', sandbox, 'https://login.microsoftonline.com/', 'block'],
  // A generic OpenID provider: its origin only, not Entra's hosts.
  ['generic provider page', generic, 'https://idp.example.com/login', 'allow'],
  ['generic redirect', generic, 'https://app.example.com/auth/callback?code=1', 'redirect-caught'],
  ['generic, other page of app', generic, 'https://app.example.com/', 'block'],
  ['Entra from a generic sign-in', generic, 'https://login.microsoftonline.com/', 'block'],
];

describe('authNavigation (embedded sign-in window policy)', () => {
  it.each(table)('%s', (_name, policy, url, verdict) => {
    expect(authNavigation(url, policy)).toBe(verdict);
  });

  it('a custom-scheme redirect URI (native apps) is caught', () => {
    const policy = { authorityOrigins: entra.authorityOrigins, redirectUri: 'msal1234://auth' };
    expect(authNavigation('msal1234://auth?code=x', policy)).toBe('redirect-caught');
    expect(authNavigation('msal1234://other?code=x', policy)).toBe('block');
  });

  it('without a redirect URI (device code page) nothing is caught', () => {
    const policy = { authorityOrigins: authorityOriginsFor('https://microsoft.com/devicelogin') };
    expect(
      authNavigation('https://login.microsoftonline.com/common/oauth2/deviceauth', policy),
    ).toBe('allow');
    expect(authNavigation('https://example.com/', policy)).toBe('block');
  });
});

describe('authorityOriginsFor', () => {
  it('Entra: the start origin plus every Entra sign-in host, https only', () => {
    const origins = authorityOriginsFor(entraAuthorize);
    for (const host of ENTRA_LOGIN_HOSTS) expect(origins).toContain(`https://${host}`);
    expect(origins.every((o) => o.startsWith('https://'))).toBe(true);
  });

  it('another https provider: its own origin only', () => {
    expect(authorityOriginsFor('https://idp.example.com:8443/authorize')).toEqual([
      'https://idp.example.com:8443',
    ]);
  });

  it('plain http only on loopback (the sandbox)', () => {
    expect(authorityOriginsFor('http://127.0.0.1:5555/auth')).toEqual(['http://127.0.0.1:5555']);
    expect(authorityOriginsFor('http://idp.example.com/auth')).toEqual([]);
    expect(authorityOriginsFor('http://localhost:5555/auth')).toEqual([]);
  });

  it('nothing for other schemes or garbage', () => {
    for (const url of ['file:///x', 'javascript:1', 'data:,x', 'nope', 'ftp://example.com/'])
      expect(authorityOriginsFor(url)).toEqual([]);
  });
});

describe('isRedirectTo', () => {
  it('compares scheme, host, port and path; ignores query and fragment', () => {
    expect(isRedirectTo('https://a.test/cb?x=1#y', 'https://a.test/cb')).toBe(true);
    expect(isRedirectTo('https://A.TEST/cb', 'https://a.test/cb')).toBe(true);
    expect(isRedirectTo('http://a.test/cb', 'https://a.test/cb')).toBe(false);
    expect(isRedirectTo('https://a.test:444/cb', 'https://a.test/cb')).toBe(false);
    expect(isRedirectTo('https://a.test/CB', 'https://a.test/cb')).toBe(false);
    expect(isRedirectTo('https://user@a.test/cb', 'https://a.test/cb')).toBe(false);
    expect(isRedirectTo('garbage', 'https://a.test/cb')).toBe(false);
  });
});
