import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  parseIssuer,
  resolveAuthority,
} from '../../app/authority/resolve-authority';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import {
  allowsPlainHttp,
  isLoopbackAddress,
  issuerProblem,
} from '../../app/contract/authority-checks';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as TokenDockError).code;
  }
  return 'no error';
};

describe('resolveAuthority', () => {
  it.each([
    ['public', 'v2', 'common', 'https://login.microsoftonline.com/common/v2.0'],
    ['public', 'v2', 'organizations', 'https://login.microsoftonline.com/organizations/v2.0'],
    ['public', 'v2', 'consumers', 'https://login.microsoftonline.com/consumers/v2.0'],
    [
      'public',
      'v1',
      'Contoso.OnMicrosoft.com',
      'https://login.microsoftonline.com/contoso.onmicrosoft.com',
    ],
    [
      'usgov',
      'v2',
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
      'https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
    ],
    [
      'china',
      'v2',
      'contoso.partner.onmschina.cn',
      'https://login.chinacloudapi.cn/contoso.partner.onmschina.cn/v2.0',
    ],
  ] as const)('Entra %s %s %s', (cloud, version, tenant, url) => {
    expect(resolveAuthority({ kind: 'entra', cloud, version, tenant }).discoveryUrl.href).toBe(url);
  });

  it('refuses tenants that are neither a GUID, a domain nor a multi-tenant keyword', () => {
    for (const tenant of ['', 'not a tenant', 'contoso', '../evil', 'a.b/c']) {
      expect(
        codeOf(() => resolveAuthority({ kind: 'entra', cloud: 'public', version: 'v2', tenant })),
      ).toBe('invalid_configuration');
    }
  });

  it('serves common and organizations on every cloud, consumers on the public cloud only', () => {
    for (const cloud of ['china', 'usgov'] as const)
      for (const tenant of ['common', 'organizations'])
        expect(() =>
          resolveAuthority({ kind: 'entra', cloud, version: 'v2', tenant }),
        ).not.toThrow();
    expect(
      codeOf(() =>
        resolveAuthority({ kind: 'entra', cloud: 'usgov', version: 'v2', tenant: 'consumers' }),
      ),
    ).toBe('invalid_configuration');
  });

  it('allows http only for loopback issuers', () => {
    expect(
      resolveAuthority({ kind: 'sandbox', issuer: 'http://127.0.0.1:4000' }).allowInsecureRequests,
    ).toBe(true);
    expect(
      resolveAuthority({ kind: 'oidc', issuer: 'http://[::1]:4000/' }).allowInsecureRequests,
    ).toBe(true);
    expect(
      resolveAuthority({ kind: 'oidc', issuer: 'https://id.example.com' }).allowInsecureRequests,
    ).toBe(false);
    // localhost names are accepted (their requests are checked to reach loopback: see
    // loopback-fetch.test.ts); before, `http://localhost:4000` was refused here.
    for (const issuer of [
      'http://localhost:8080/realms/dev',
      'http://LOCALHOST:8080',
      'http://keycloak.localhost:8080/realms/dev',
      'http://localhost.:8080',
    ]) {
      expect(resolveAuthority({ kind: 'oidc', issuer }).allowInsecureRequests).toBe(true);
    }
    for (const issuer of [
      'http://id.example.com',
      'http://example.com',
      'http://localhost.example.com',
      'http://mylocalhost',
      'http://127.0.0.1.evil.test',
      'http://10.0.0.1',
    ]) {
      expect(codeOf(() => parseIssuer(issuer))).toBe('insecure_issuer');
    }
  });

  it('refuses issuers that are not plain https URLs', () => {
    for (const issuer of [
      'not a url',
      'ftp://id.example.com',
      'https://id.example.com/?x=1',
      'https://u:p@id.example.com',
    ]) {
      expect(codeOf(() => parseIssuer(issuer))).toBe('invalid_configuration');
    }
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.10.0.3')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    // IP literals only: RFC 8252 §8.3 redirect URIs keep using this.
    expect(isLoopbackHost('localhost')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });

  it('allows plain http on localhost names and loopback literals, one rule for engine and form', () => {
    for (const host of [
      'localhost',
      'Localhost',
      'localhost.',
      'kc.localhost',
      '127.0.0.1',
      '[::1]',
    ])
      expect(allowsPlainHttp(host), host).toBe(true);
    for (const host of [
      'localhost.example.com',
      'notlocalhost',
      'example.com',
      '10.0.0.1',
      '[::2]',
    ])
      expect(allowsPlainHttp(host), host).toBe(false);
    // The add-account form shows this same check's message (renderer/src/form/validate.ts).
    expect(issuerProblem('http://localhost:8080/realms/dev')).toBeUndefined();
    expect(issuerProblem('http://example.com')?.code).toBe('insecure_issuer');
    expect(issuerProblem('http://example.com')?.message).toMatch(/plain http/);
  });

  it('knows loopback addresses as the resolver spells them', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '128.0.0.1', '::2', '::ffff:10.0.0.1', '127.0.0.999', 'fe80::1'])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});
