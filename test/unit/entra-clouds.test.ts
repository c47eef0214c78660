import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENTRA_CLOUD_INFO,
  entraAuthorityFromUrl,
  entraCloudOfHost,
  entraIssuerProblem,
  tenantIssuerOf,
  type EntraIssuerRule,
} from '../../app/authority/entra-clouds';
import { resolveAuthority } from '../../app/authority/resolve-authority';
import { ENTRA_CLOUD_NAMES, type EntraCloud } from '../../app/contract/authority';
import { tenantProblem } from '../../app/contract/authority-checks';

/** Fixtures recorded by Microsoft's libraries (see test/fixtures/entra/README.md). */
const fixture = <T>(name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/entra', name), 'utf8')) as T;

interface MsalMetadata {
  endpointMetadata: Record<string, { issuer: string; token_endpoint: string }>;
  instanceDiscoveryMetadata: {
    metadata: Array<{ preferred_network: string; aliases: string[] }>;
  };
}
const msal = fixture<MsalMetadata>('msal-js-authority-metadata.json');
const kit = fixture<{
  idTokenClaims: Record<string, unknown>;
  idTokenClaimsIssuerOfAnotherTenant: Record<string, unknown>;
  cloudDiscoveryMetadata: { metadata: Array<{ aliases: string[] }> };
}>('msal-js-test-kit.json');
const recordedInstance = fixture<{
  instanceDiscovery: { metadata: Array<{ aliases: string[] }> };
}>('azure-sdk-js-password-recording.json').instanceDiscovery;

const TENANT = '3338040d-6c67-4c5b-b112-36a304b66dad';

describe('the clouds are the ones MSAL knows', () => {
  it('every sign-in host of MSAL has a cloud, and the cloud signs in there', () => {
    const hosts = Object.keys(msal.endpointMetadata);
    expect(hosts.sort()).toEqual(ENTRA_CLOUD_NAMES.map((c) => ENTRA_CLOUD_INFO[c].host).sort());
    for (const host of hosts) {
      const cloud = entraCloudOfHost(host)!;
      expect(ENTRA_CLOUD_INFO[cloud].host).toBe(host);
      expect(msal.endpointMetadata[host]!.token_endpoint.startsWith(`https://${host}/`)).toBe(true);
    }
  });

  it("each cloud's v2 issuer host (China's partner host) is one of the cloud's hosts", () => {
    for (const [host, metadata] of Object.entries(msal.endpointMetadata)) {
      const issuerHost = new URL(metadata.issuer.replace('{tenantid}', TENANT)).hostname;
      expect(entraCloudOfHost(issuerHost), metadata.issuer).toBe(entraCloudOfHost(host));
    }
    expect(msal.endpointMetadata['login.chinacloudapi.cn']!.issuer).toBe(
      'https://login.partner.microsoftonline.cn/{tenantid}/v2.0',
    );
  });

  it.each([
    ['MSAL JS built-in instance metadata', msal.instanceDiscoveryMetadata.metadata],
    ['MSAL JS test kit', kit.cloudDiscoveryMetadata.metadata],
    ['recorded /common/discovery/instance answer', recordedInstance.metadata],
  ])('aliases of each cloud match %s', (_, entries) => {
    for (const { aliases } of entries) {
      const cloud = entraCloudOfHost(aliases[0]!);
      // Azure Germany (login.microsoftonline.de, closed in 2021) and login-us.microsoftonline.com
      // have no endpoint metadata in MSAL: no cloud here.
      if (
        aliases[0] === 'login.microsoftonline.de' ||
        aliases[0] === 'login-us.microsoftonline.com'
      ) {
        expect(cloud).toBeUndefined();
        continue;
      }
      expect(cloud, aliases[0]).toBeDefined();
      expect([...ENTRA_CLOUD_INFO[cloud!].aliases].sort()).toEqual([...aliases].sort());
    }
  });
});

describe('entraAuthorityFromUrl', () => {
  it.each([
    [
      'https://login.windows.net/contoso.onmicrosoft.com',
      'public',
      'contoso.onmicrosoft.com',
      'v1',
    ],
    ['https://login.microsoft.com/common/v2.0', 'public', 'common', 'v2'],
    ['https://LOGIN.MICROSOFTONLINE.COM/Organizations/v2.0/', 'public', 'organizations', 'v2'],
    [`https://sts.windows.net/${TENANT}/`, 'public', TENANT, 'v1'],
    [
      `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
      'public',
      TENANT,
      'v2',
    ],
    [`https://login.usgovcloudapi.net/${TENANT}/v2.0`, 'usgov', TENANT, 'v2'],
    [`https://login.partner.microsoftonline.cn/${TENANT}/v2.0`, 'china', TENANT, 'v2'],
    [`https://sts.chinacloudapi.cn/${TENANT}/`, 'china', TENANT, 'v1'],
    [
      'https://login.sovcloud-identity.fr/contoso.onsovcloud.fr/v2.0',
      'bleu',
      'contoso.onsovcloud.fr',
      'v2',
    ],
    ['https://login.sovcloud-identity.de/common/v2.0', 'delos', 'common', 'v2'],
    ['https://login.sovcloud-identity.sg/organizations', 'govsg', 'organizations', 'v1'],
  ])('%s', (url, cloud, tenant, version) => {
    expect(entraAuthorityFromUrl(url)).toEqual({ cloud, tenant, version });
  });

  it.each([
    'https://id.example.com/contoso/v2.0',
    'http://login.microsoftonline.com/common/v2.0',
    'https://login.microsoftonline.com:8443/common/v2.0',
    'https://login.microsoftonline.com/common/v2.0?x=1',
    'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0',
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0',
    'https://login.microsoftonline.de/common',
    'not a url',
  ])('%s is not an Entra authority', (url) => {
    expect(entraAuthorityFromUrl(url)).toBeUndefined();
  });
});

describe('entraIssuerProblem (the metadata issuer of an Entra authority)', () => {
  const rule = (
    cloud: EntraCloud,
    tenantKind: EntraIssuerRule['tenantKind'],
    version: 'v1' | 'v2' = 'v2',
    tenant = TENANT,
  ): EntraIssuerRule => ({ cloud, version, tenant, tenantKind });

  it("accepts MSAL's recorded multi-tenant issuer of each cloud", () => {
    for (const cloud of ENTRA_CLOUD_NAMES) {
      const issuer = msal.endpointMetadata[ENTRA_CLOUD_INFO[cloud].host]!.issuer;
      expect(
        entraIssuerProblem(issuer, rule(cloud, 'multi', 'v2', 'common')),
        cloud,
      ).toBeUndefined();
      expect(
        entraIssuerProblem(issuer.replace('{tenantid}', TENANT), rule(cloud, 'id')),
        cloud,
      ).toBeUndefined();
    }
  });

  it.each<[string, string, EntraIssuerRule]>([
    ['tenant id', `https://login.microsoftonline.us/${TENANT}/v2.0`, rule('usgov', 'id')],
    [
      'domain',
      `https://login.microsoftonline.us/${TENANT}/v2.0`,
      rule('usgov', 'domain', 'v2', 'contoso.onmicrosoft.us'),
    ],
    [
      'China partner issuer',
      `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      rule('china', 'id'),
    ],
    ['v1 STS', `https://sts.windows.net/${TENANT}/`, rule('public', 'id', 'v1')],
    ['v1 STS, US Government', `https://sts.windows.net/${TENANT}/`, rule('usgov', 'id', 'v1')],
    ['v1 STS, China', `https://sts.chinacloudapi.cn/${TENANT}/`, rule('china', 'id', 'v1')],
    ['v1 template', 'https://sts.windows.net/{tenantid}/', rule('public', 'multi', 'v1', 'common')],
    [
      'consumers',
      'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
      rule('public', 'consumers', 'v2', 'consumers'),
    ],
    [
      'alias host',
      'https://login.windows.net/{tenantid}/v2.0',
      rule('public', 'multi', 'v2', 'common'),
    ],
  ])('accepts: %s', (_, issuer, r) => {
    expect(entraIssuerProblem(issuer, r)).toBeUndefined();
  });

  it.each<[string, unknown, EntraIssuerRule, RegExp]>([
    [
      'another cloud',
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
      rule('usgov', 'id'),
      /not on the US Government cloud/,
    ],
    [
      'another tenant',
      'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      rule('public', 'id'),
      /another tenant/,
    ],
    [
      'no tenant id for a domain',
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
      rule('public', 'domain', 'v2', 'contoso.onmicrosoft.com'),
      /no tenant id/,
    ],
    [
      'a tenant for common',
      `https://login.microsoftonline.us/${TENANT}/v2.0`,
      rule('usgov', 'multi', 'v2', 'common'),
      /template/,
    ],
    [
      'the template for a tenant',
      'https://login.microsoftonline.us/{tenantid}/v2.0',
      rule('usgov', 'id'),
      /another tenant/,
    ],
    [
      'v1 issuer for v2',
      `https://sts.windows.net/${TENANT}/`,
      rule('public', 'id'),
      /not a v2 issuer/,
    ],
    [
      'v2 issuer for v1',
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
      rule('public', 'id', 'v1'),
      /not a v1 issuer/,
    ],
    [
      'plain http',
      `http://login.microsoftonline.com/${TENANT}/v2.0`,
      rule('public', 'id'),
      /not an Entra v2 issuer/,
    ],
    [
      'a longer path',
      `https://login.microsoftonline.com/${TENANT}/x/v2.0`,
      rule('public', 'id'),
      /not an Entra v2 issuer/,
    ],
    ['no issuer', undefined, rule('public', 'id'), /names no issuer/],
    [
      'a look-alike host',
      `https://login.microsoftonline.com.evil.test/${TENANT}/v2.0`,
      rule('public', 'id'),
      /not on the Global cloud/,
    ],
  ])('refuses: %s', (_, issuer, r, problem) => {
    expect(entraIssuerProblem(issuer, r)).toMatch(problem);
  });
});

describe("tenantIssuerOf (Microsoft's multi-tenant issuer validation)", () => {
  const template = 'https://login.microsoftonline.com/{tenantid}/v2.0';

  it("accepts MSAL's test-kit ID token: iss is the template with its tid", () => {
    expect(tenantIssuerOf(template, kit.idTokenClaims)).toEqual({
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    });
  });

  it('refuses MSAL claims whose iss names another tenant than tid', () => {
    const outcome = tenantIssuerOf(template, kit.idTokenClaimsIssuerOfAnotherTenant);
    expect(outcome).toEqual({ problem: expect.stringContaining(TENANT) });
  });

  it.each([
    ['no tid', { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }],
    [
      'a tid that is not a tenant id',
      { iss: 'https://login.microsoftonline.com/common/v2.0', tid: 'common' },
    ],
    ['another cloud', { iss: `https://login.microsoftonline.us/${TENANT}/v2.0`, tid: TENANT }],
    ['a v1 issuer', { iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT }],
  ])('refuses %s', (_, claims) => {
    expect(tenantIssuerOf(template, claims)).toHaveProperty('problem');
  });
});

describe('tenants and clouds', () => {
  it('serves common and organizations on every cloud, consumers on the public cloud only', () => {
    for (const cloud of ENTRA_CLOUD_NAMES) {
      expect(tenantProblem('common', cloud), cloud).toBeUndefined();
      expect(tenantProblem('Organizations', cloud), cloud).toBeUndefined();
      expect(tenantProblem(TENANT, cloud), cloud).toBeUndefined();
      expect(tenantProblem('contoso.example', cloud), cloud).toBeUndefined();
      expect(tenantProblem('consumers', cloud)?.code, cloud).toBe(
        cloud === 'public' ? undefined : 'invalid_configuration',
      );
    }
  });

  it.each<[EntraCloud, string, string]>([
    ['usgov', 'common', 'https://login.microsoftonline.us/common/v2.0'],
    ['china', 'organizations', 'https://login.chinacloudapi.cn/organizations/v2.0'],
    ['bleu', TENANT, `https://login.sovcloud-identity.fr/${TENANT}/v2.0`],
    [
      'delos',
      'contoso.onsovcloud.de',
      'https://login.sovcloud-identity.de/contoso.onsovcloud.de/v2.0',
    ],
    ['govsg', 'common', 'https://login.sovcloud-identity.sg/common/v2.0'],
  ])('resolves %s %s', (cloud, tenant, url) => {
    const resolved = resolveAuthority({ kind: 'entra', cloud, tenant, version: 'v2' });
    expect(resolved.discoveryUrl.href).toBe(url);
    expect(resolved.entra?.cloud).toBe(cloud);
  });

  it.each<[string, EntraIssuerRule['tenantKind']]>([
    [TENANT, 'id'],
    ['Contoso.OnMicrosoft.com', 'domain'],
    ['common', 'multi'],
    ['organizations', 'multi'],
    ['consumers', 'consumers'],
    ['9188040d-6c67-4c5b-b112-36a304b66dad', 'consumers'],
  ])('tenant %s is judged as %s', (tenant, tenantKind) => {
    expect(
      resolveAuthority({ kind: 'entra', cloud: 'public', tenant, version: 'v2' }).entra?.tenantKind,
    ).toBe(tenantKind);
  });

  it('an issuer URL on an alias host resolves to the same authority as the Entra profile', () => {
    const entra = resolveAuthority({
      kind: 'entra',
      cloud: 'public',
      tenant: 'contoso.onmicrosoft.com',
      version: 'v2',
    });
    for (const issuer of [
      'https://login.windows.net/contoso.onmicrosoft.com/v2.0',
      'https://login.microsoft.com/contoso.onmicrosoft.com/v2.0',
      'https://sts.windows.net/contoso.onmicrosoft.com/v2.0',
      'https://login.microsoftonline.com/Contoso.onmicrosoft.com/v2.0/',
    ]) {
      const byUrl = resolveAuthority({ kind: 'oidc', issuer });
      expect(byUrl.discoveryUrl.href, issuer).toBe(entra.discoveryUrl.href);
      expect(byUrl.entra, issuer).toEqual(entra.entra);
      expect(byUrl.profile, issuer).toEqual(entra.profile);
      expect(byUrl.label, issuer).toBe(entra.label);
    }
  });

  it('other issuers stay generic', () => {
    const resolved = resolveAuthority({ kind: 'oidc', issuer: 'https://id.example.com/realms/x' });
    expect(resolved.entra).toBeUndefined();
    expect(resolved.profile.kind).toBe('oidc');
  });
});
