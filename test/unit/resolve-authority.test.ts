import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  parseIssuer,
  resolveAuthority,
} from '../../app/authority/resolve-authority';
import type { TokenDockError } from '../../app/errors/tokendock-error';

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

  it('refuses common and organizations on sovereign clouds', () => {
    expect(
      codeOf(() =>
        resolveAuthority({ kind: 'entra', cloud: 'china', version: 'v2', tenant: 'common' }),
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
    for (const issuer of [
      'http://id.example.com',
      'http://localhost:4000',
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
    expect(isLoopbackHost('localhost')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });
});
