import { describe, expect, it } from 'vitest';
import { curlUrlGuess, curlUrlProblem } from '../../app/contract/curl-url';

const entra = { entra: true };
const generic = { entra: false, userinfoEndpoint: 'https://id.example.test/userinfo' };

describe('the first guess for "Copy as curl"', () => {
  it('is Graph’s /v1.0/me for Graph, in its own cloud', () => {
    expect(
      curlUrlGuess({ kind: 'scopes', scopes: ['https://graph.microsoft.com/User.Read'] }, entra),
    ).toBe('https://graph.microsoft.com/v1.0/me');
    expect(curlUrlGuess({ kind: 'resource', resource: 'https://graph.microsoft.us' }, entra)).toBe(
      'https://graph.microsoft.us/v1.0/me',
    );
    // Entra v2 reads bare scopes as Graph's.
    expect(curlUrlGuess({ kind: 'scopes', scopes: ['User.Read', 'Mail.Read'] }, entra)).toBe(
      'https://graph.microsoft.com/v1.0/me',
    );
  });

  it('is the subscription list for Azure Resource Manager', () => {
    expect(
      curlUrlGuess({ kind: 'resource', resource: 'https://management.azure.com/' }, entra),
    ).toBe('https://management.azure.com/subscriptions?api-version=2022-12-01');
  });

  it('is the provider’s userinfo for OpenID scopes alone', () => {
    expect(curlUrlGuess({ kind: 'scopes', scopes: ['openid', 'profile', 'email'] }, generic)).toBe(
      'https://id.example.test/userinfo',
    );
    expect(curlUrlGuess({ kind: 'scopes', scopes: ['openid'] }, { entra: false })).toBeUndefined();
  });

  it('is an https resource itself, and nothing for what cannot be guessed', () => {
    expect(curlUrlGuess({ kind: 'resource', resource: 'https://api.contoso.com/' }, generic)).toBe(
      'https://api.contoso.com/',
    );
    expect(
      curlUrlGuess({ kind: 'resource', resource: 'api://tokendock-sandbox' }, generic),
    ).toBeUndefined();
    expect(curlUrlGuess({ kind: 'scopes', scopes: ['orders.read'] }, generic)).toBeUndefined();
  });
});

describe('the URL curl calls', () => {
  it('is http or https without credentials', () => {
    expect(curlUrlProblem('https://graph.microsoft.com/v1.0/me')).toBeUndefined();
    expect(curlUrlProblem('http://127.0.0.1:8080/api')).toBeUndefined();
    expect(curlUrlProblem('ftp://x.test/')).toMatch(/http or https/);
    expect(curlUrlProblem('https://user:pw@x.test/')).toMatch(/user names and passwords/);
    expect(curlUrlProblem('graph.microsoft.com/v1.0/me')).toMatch(/full URL/);
  });
});
