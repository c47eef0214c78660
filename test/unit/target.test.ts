import { describe, expect, it } from 'vitest';
import { targetParameters } from '../../app/flows/target';
import type { AuthorityProfile } from '../../app/authority/profiles';

const v2: AuthorityProfile = { kind: 'entra', tenant: 'common', cloud: 'public', version: 'v2' };
const v1: AuthorityProfile = {
  kind: 'entra',
  tenant: 'contoso.com',
  cloud: 'public',
  version: 'v1',
};
const oidc: AuthorityProfile = { kind: 'oidc', issuer: 'https://id.example.com' };

describe('targetParameters', () => {
  it('turns a resource into <resource>/.default on Entra v2', () => {
    expect(
      targetParameters({ kind: 'resource', resource: 'https://graph.microsoft.com' }, v2, {
        forUser: true,
      }),
    ).toEqual({
      scope: 'openid profile offline_access https://graph.microsoft.com/.default',
    });
    expect(
      targetParameters({ kind: 'resource', resource: 'https://graph.microsoft.com' }, v2, {
        forUser: false,
      }),
    ).toEqual({
      scope: 'https://graph.microsoft.com/.default',
    });
  });

  it('qualifies named scopes of a resource on Entra v2', () => {
    expect(
      targetParameters(
        { kind: 'resource', resource: 'api://my-api/', scopes: ['read', 'api://other/x'] },
        v2,
        { forUser: false },
      ),
    ).toEqual({ scope: 'api://my-api/read api://other/x' });
  });

  it('sends resource on Entra v1 and refuses bare scopes there', () => {
    expect(
      targetParameters({ kind: 'resource', resource: 'https://vault.azure.net' }, v1, {
        forUser: true,
      }),
    ).toEqual({
      resource: 'https://vault.azure.net',
      scope: 'openid',
    });
    expect(() =>
      targetParameters({ kind: 'scopes', scopes: ['User.Read'] }, v1, { forUser: true }),
    ).toThrow(/v1 targets a resource/);
  });

  it('sends an RFC 8707 resource indicator plus scopes elsewhere', () => {
    expect(
      targetParameters(
        { kind: 'resource', resource: 'https://api.example.com', scopes: ['read'] },
        oidc,
        { forUser: true },
      ),
    ).toEqual({
      resource: 'https://api.example.com',
      scope: 'openid profile offline_access read',
    });
    expect(
      targetParameters({ kind: 'resource', resource: 'https://api.example.com' }, oidc, {
        forUser: false,
      }),
    ).toEqual({
      resource: 'https://api.example.com',
    });
  });

  it('splits, trims and de-duplicates scopes', () => {
    expect(
      targetParameters({ kind: 'scopes', scopes: [' read  write', 'read', 'openid'] }, oidc, {
        forUser: true,
      }),
    ).toEqual({
      scope: 'openid profile offline_access read write',
    });
  });

  it('refuses an empty target', () => {
    expect(() =>
      targetParameters({ kind: 'scopes', scopes: [' '] }, oidc, { forUser: false }),
    ).toThrow(/at least one scope/);
    expect(() =>
      targetParameters({ kind: 'resource', resource: '' }, oidc, { forUser: false }),
    ).toThrow(/resource is empty/);
  });
});
