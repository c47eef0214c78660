import { describe, expect, it } from 'vitest';
import {
  authNavigation,
  authNavigationPolicy,
  isRedirectTo,
  shownHost,
  signInWindowTitle,
  type AuthNavigationPolicy,
  type AuthNavigationVerdict,
} from '../../app/host/auth-navigation';

const entraAuthorize =
  'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=c&state=s';
const entra = authNavigationPolicy(
  entraAuthorize,
  'https://login.microsoftonline.com/common/oauth2/nativeclient',
)!;
const sandboxAuthorize = 'http://127.0.0.1:5555/auth?client_id=tokendock-native';
const sandbox = authNavigationPolicy(sandboxAuthorize, 'http://127.0.0.1/callback')!;
const generic = authNavigationPolicy(
  'https://idp.example.com/oauth2/authorize?x=1',
  'https://app.example.com/auth/callback',
)!;
const loopbackRedirect = authNavigationPolicy(entraAuthorize, 'http://127.0.0.1:49152/')!;

const table: Array<[string, AuthNavigationPolicy, string, AuthNavigationVerdict]> = [
  // Entra ID: its own pages, across its hosts and clouds.
  ['entra login page', entra, 'https://login.microsoftonline.com/common/login', 'allow'],
  ['entra MSA hop', entra, 'https://login.live.com/oauth20_authorize.srf?x=1', 'allow'],
  ['entra US Gov', entra, 'https://login.microsoftonline.us/t/oauth2/authorize', 'allow'],
  ['entra China', entra, 'https://login.chinacloudapi.cn/t/oauth2/authorize', 'allow'],
  ['entra host in upper case', entra, 'https://LOGIN.MICROSOFTONLINE.COM/x', 'allow'],
  // Federation: wherever the provider sends the person, over https.
  ['AD FS', entra, 'https://adfs.contoso.com/adfs/ls/?SAMLRequest=x&RelayState=y', 'allow'],
  ['Okta', entra, 'https://contoso.okta.com/app/office365/abc/sso/wsfed/passive', 'allow'],
  ['Ping', entra, 'https://sso.contoso.com/idp/SSO.saml2', 'allow'],
  [
    'B2C custom domain',
    generic,
    'https://login.contoso.com/contoso.onmicrosoft.com/b2c_1',
    'allow',
  ],
  ['Google accounts', generic, 'https://accounts.google.com/o/oauth2/v2/auth', 'allow'],
  ['https on another port', entra, 'https://adfs.contoso.com:8443/adfs/ls/', 'allow'],
  ['Entra from a generic sign-in', generic, 'https://login.microsoftonline.com/', 'allow'],
  ['an intranet https host', entra, 'https://sts.corp.contoso.local/login', 'allow'],
  // Not https: never shown.
  ['http instead of https', entra, 'http://login.microsoftonline.com/common/login', 'block'],
  ['http federation host', entra, 'http://adfs.contoso.com/adfs/ls/', 'block'],
  ['http to loopback from Entra', entra, 'http://127.0.0.1:5555/', 'block'],
  ['ws:', entra, 'ws://login.microsoftonline.com/', 'block'],
  ['ftp:', entra, 'ftp://example.com/', 'block'],
  // Tricks in the URL.
  ['host as user info', entra, 'https://login.microsoftonline.com@evil.test/', 'block'],
  ['credentials on the real host', entra, 'https://u:p@login.microsoftonline.com/', 'block'],
  // Schemes that are never a sign-in page.
  ['javascript:', entra, 'javascript:alert(document.cookie)', 'block'],
  ['file:', entra, 'file:///etc/passwd', 'block'],
  ['data:', entra, 'data:text/html,<script>alert(1)</script>', 'block'],
  ['about:blank', entra, 'about:blank', 'block'],
  ['blob:', entra, 'blob:https://login.microsoftonline.com/uuid', 'block'],
  ['chrome:', entra, 'chrome://settings', 'block'],
  ['not a URL', entra, 'not a url', 'block'],
  ['empty', entra, '', 'block'],
  // The redirect URI: caught with or without a query, not when the path differs.
  ['redirect without query', entra, entra.redirectUri!, 'redirect-caught'],
  ['redirect with code', entra, `${entra.redirectUri}?code=abc&state=s`, 'redirect-caught'],
  ['redirect with error', entra, `${entra.redirectUri}?error=access_denied`, 'redirect-caught'],
  ['redirect with fragment', entra, `${entra.redirectUri}#code=abc`, 'redirect-caught'],
  ['redirect path + suffix (an https page)', entra, `${entra.redirectUri}x?code=1`, 'allow'],
  // A loopback redirect URI (RFC 8252 §7.3): caught, although it is plain http.
  ['loopback redirect', loopbackRedirect, 'http://127.0.0.1:49152/?code=x', 'redirect-caught'],
  ['loopback, another port', loopbackRedirect, 'http://127.0.0.1:49153/?code=x', 'block'],
  // The sandbox on loopback: its own origin over http; the redirect on its own (default) port.
  ['sandbox page', sandbox, 'http://127.0.0.1:5555/interaction/abc', 'allow'],
  ['sandbox redirect', sandbox, 'http://127.0.0.1/callback?code=x&state=y', 'redirect-caught'],
  ['sandbox redirect, no query', sandbox, 'http://127.0.0.1/callback', 'redirect-caught'],
  [
    'sandbox redirect, explicit :80',
    sandbox,
    'http://127.0.0.1:80/callback?code=x',
    'redirect-caught',
  ],
  ['sandbox, another loopback port', sandbox, 'http://127.0.0.1:5556/interaction/abc', 'block'],
  ['redirect path, another port', sandbox, 'http://127.0.0.1:8080/callback?code=x', 'block'],
  ['redirect path, other path', sandbox, 'http://127.0.0.1/callback/extra?code=x', 'block'],
  ['IPv6 loopback', sandbox, 'http://[::1]:5555/', 'block'],
  ['localhost', sandbox, 'http://localhost:5555/', 'block'],
  ['loopback lookalike', sandbox, 'http://127.0.0.1.evil.test:5555/', 'block'],
  ['https from a sandbox sign-in', sandbox, 'https://login.microsoftonline.com/', 'allow'],
  // A generic OpenID provider: the redirect is caught; the app's other pages are https pages.
  ['generic provider page', generic, 'https://idp.example.com/login', 'allow'],
  ['generic redirect', generic, 'https://app.example.com/auth/callback?code=1', 'redirect-caught'],
  ['generic, other page of app', generic, 'https://app.example.com/', 'allow'],
];

describe('authNavigation (embedded sign-in window policy, main frame)', () => {
  it.each(table)('%s', (_name, policy, url, verdict) => {
    expect(authNavigation(url, policy)).toBe(verdict);
  });

  it('a custom-scheme redirect URI (native apps) is caught; other custom-scheme URLs are not', () => {
    const policy = authNavigationPolicy(entraAuthorize, 'msal1234://auth')!;
    expect(authNavigation('msal1234://auth?code=x', policy)).toBe('redirect-caught');
    expect(authNavigation('msal1234://other?code=x', policy)).toBe('block');
  });

  it('without a redirect URI (device code page) nothing is caught; the hand-over is allowed', () => {
    const microsoft = authNavigationPolicy('https://microsoft.com/devicelogin')!;
    expect(
      authNavigation('https://login.microsoftonline.com/common/oauth2/deviceauth', microsoft),
    ).toBe('allow');
    const google = authNavigationPolicy('https://www.google.com/device')!;
    expect(authNavigation('https://accounts.google.com/o/oauth2/device/usercode', google)).toBe(
      'allow',
    );
    expect(authNavigation('http://www.google.com/device', google)).toBe('block');
  });
});

describe('authNavigationPolicy', () => {
  it('https anywhere: no loopback origin', () => {
    expect(authNavigationPolicy(entraAuthorize)).toEqual({});
    expect(
      authNavigationPolicy('https://idp.example.com:8443/authorize', 'https://a.test/cb'),
    ).toEqual({
      redirectUri: 'https://a.test/cb',
    });
  });

  it('plain http only on loopback (the sandbox), which becomes the one http origin', () => {
    expect(authNavigationPolicy('http://127.0.0.1:5555/auth')).toEqual({
      loopbackOrigin: 'http://127.0.0.1:5555',
    });
    expect(authNavigationPolicy('http://idp.example.com/auth')).toBeUndefined();
    expect(authNavigationPolicy('http://localhost:5555/auth')).toBeUndefined();
  });

  it('nothing for other schemes, credentials or garbage', () => {
    for (const url of [
      'file:///x',
      'javascript:1',
      'data:,x',
      'nope',
      'ftp://example.com/',
      'about:blank',
      'https://u:p@idp.example.com/',
    ])
      expect(authNavigationPolicy(url)).toBeUndefined();
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

describe('the host the person sees', () => {
  it('host[:port] as parsed: lower case, punycode for lookalike names', () => {
    expect(shownHost('https://LOGIN.Contoso.com/x?y=1')).toBe('login.contoso.com');
    expect(shownHost('https://adfs.contoso.com:8443/adfs/ls/')).toBe('adfs.contoso.com:8443');
    expect(shownHost('http://127.0.0.1:5555/interaction/1')).toBe('127.0.0.1:5555');
    // Cyrillic "о" in "micrоsoft": shown as its xn-- form, not as the real name.
    expect(shownHost('https://login.micr\u043Esoftonline.com/')).toMatch(/^login\.xn--/);
    expect(shownHost('about:blank')).toBeUndefined();
    expect(shownHost('nope')).toBeUndefined();
  });

  it('the window title names the purpose and the host', () => {
    expect(signInWindowTitle('Sign in', 'https://login.contoso.com/adfs')).toBe(
      'Sign in — login.contoso.com',
    );
    expect(signInWindowTitle('Sign in', 'about:blank')).toBe('Sign in');
  });
});
