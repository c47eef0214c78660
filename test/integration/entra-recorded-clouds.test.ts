import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntraAuthority, EntraCloud } from '../../app/contract/authority';
import { connect, type Connection } from '../../app/flows/connect';
import { signInWithPassword } from '../../app/flows/password';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import {
  fixture,
  nationalCloudDocument,
  startRecordedEntra,
  type RecordedEntra,
} from '../support/entra-recorded';

/**
 * Entra authorities on every cloud, discovered and signed in against responses recorded by
 * Microsoft's libraries (see `test/fixtures/entra/README.md`), served on 127.0.0.1.
 *
 * Before: discovery failed for every China tenant (issuer on login.partner.microsoftonline.cn), for
 * US Government domains, and `common` / `organizations` were refused off the public cloud;
 * openid-client checks the `{tenantid}` template only on login.microsoftonline.com.
 */

// The client of the recording (`client_id` of its token request).
const clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

interface PasswordRecording {
  openidConfiguration: Record<string, unknown>;
}
interface TestKit {
  aliasOpenidConfiguration: Record<string, unknown>;
  idTokenClaims: Record<string, unknown> & { tid: string; iss: string };
  idTokenClaimsIssuerOfAnotherTenant: Record<string, unknown> & { tid: string; iss: string };
}
const recording = fixture<PasswordRecording>('azure-sdk-js-password-recording.json');
const kit = fixture<TestKit>('msal-js-test-kit.json');
const v1Tenant = fixture<{ body: Record<string, unknown> }>(
  'msal-dotnet-openid-configuration-sts.json',
).body;
const v1Common = fixture<{ body: Record<string, unknown> }>(
  'msidentitytools-v1-common-openid-configuration.json',
).body;

/** The recorded tenant (its id as the recording sanitised it). */
const TENANT = '12345678-1234-1234-1234-123456789012';
/** The tenant of MSAL's test-kit ID token: who signs in at common / organizations. */
const VISITOR = kit.idTokenClaims.tid;
const CONSUMERS = '9188040d-6c67-4c5b-b112-36a304b66dad';

const SIGN_IN_HOST: Record<EntraCloud, string> = {
  public: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.chinacloudapi.cn',
  bleu: 'login.sovcloud-identity.fr',
  delos: 'login.sovcloud-identity.de',
  govsg: 'login.sovcloud-identity.sg',
};
/** The host v2 issuers name (MSAL's `issuerHost`: only China's differs). */
const ISSUER_HOST: Record<EntraCloud, string> = {
  ...SIGN_IN_HOST,
  china: 'login.partner.microsoftonline.cn',
};

let entra: RecordedEntra;
beforeEach(async () => {
  entra = await startRecordedEntra({ clientId });
});
afterEach(async () => {
  await entra.close();
});

const open = (authority: Parameters<typeof connect>[0]) =>
  connect(authority, { clientId, credential: { kind: 'none' } }, { fetch: entra.fetch });

const signIn = (connection: Connection) =>
  signInWithPassword(connection, {
    target: { kind: 'resource', resource: 'https://graph.microsoft.com' },
    username: 'danrodri@microsoft.com',
    password: 'not-kept',
  });

const failure = async (promise: Promise<unknown>) =>
  (await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  )) as TokenDockError;

/** Publishes what Entra serves for this authority, and returns the issuer it names. */
function publishTenant(cloud: EntraCloud, tenant: string, version: 'v1' | 'v2' = 'v2'): string {
  const host = SIGN_IN_HOST[cloud];
  const path = version === 'v2' ? `/${tenant}/v2.0` : `/${tenant}`;
  const multi = tenant === 'common' || tenant === 'organizations';
  if (cloud === 'public' && version === 'v2' && !multi && tenant !== 'consumers') {
    // The recorded document of a tenant (its id or one of its domains).
    entra.publish(host, path, recording.openidConfiguration);
    return String(recording.openidConfiguration.issuer);
  }
  const issuerTenant = multi ? '{tenantid}' : tenant === 'consumers' ? CONSUMERS : TENANT;
  const document = nationalCloudDocument(host, tenant, issuerTenant);
  entra.publish(host, path, document);
  return String(document.issuer);
}

describe('Entra discovery and sign-in on every cloud, from recorded metadata', () => {
  const cases: Array<[EntraCloud, string]> = [
    ['public', TENANT],
    ['public', 'contoso.onmicrosoft.com'],
    ['public', 'common'],
    ['public', 'organizations'],
    ['public', 'consumers'],
    ['usgov', TENANT],
    ['usgov', 'contoso.onmicrosoft.us'],
    ['usgov', 'common'],
    ['usgov', 'organizations'],
    ['china', TENANT],
    ['china', 'contoso.partner.onmschina.cn'],
    ['china', 'common'],
    ['china', 'organizations'],
    ['bleu', TENANT],
    ['bleu', 'organizations'],
    ['delos', TENANT],
    ['delos', 'common'],
    ['govsg', TENANT],
    ['govsg', 'organizations'],
  ];

  it.each(cases)('%s cloud, tenant %s', async (cloud, tenant) => {
    const issuer = publishTenant(cloud, tenant);
    const multi = tenant === 'common' || tenant === 'organizations';
    const signedIn = multi ? VISITOR : tenant === 'consumers' ? CONSUMERS : TENANT;
    const tokenIssuer = `https://${ISSUER_HOST[cloud]}/${signedIn}/v2.0`;
    entra.idTokenClaims = multi
      ? { ...kit.idTokenClaims, iss: tokenIssuer }
      : { iss: tokenIssuer, tid: signedIn };

    const connection = await open({ kind: 'entra', cloud, tenant, version: 'v2' });
    expect(connection.config.serverMetadata().issuer).toBe(issuer);
    expect(entra.requests[0]).toMatchObject({
      host: SIGN_IN_HOST[cloud],
      path: `/${tenant}/v2.0/.well-known/openid-configuration`,
    });

    const tokens = await signIn(connection);
    expect(tokens.account.tenantId).toBe(signedIn);
    // The token request went to the cloud's sign-in host, and the connection now knows the
    // tenant's issuer (for common / organizations: the template filled from the token's tid).
    expect(entra.requests.filter((r) => r.method === 'POST').map((r) => r.host)).toEqual([
      SIGN_IN_HOST[cloud],
    ]);
    expect(connection.config.serverMetadata().issuer).toBe(multi ? tokenIssuer : issuer);
  });

  it('China: discovers at login.chinacloudapi.cn and accepts the partner issuer it names', async () => {
    publishTenant('china', TENANT);
    entra.idTokenClaims = {
      iss: `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      tid: TENANT,
    };
    const connection = await open({ kind: 'entra', cloud: 'china', tenant: TENANT, version: 'v2' });
    expect(connection.config.serverMetadata()).toMatchObject({
      issuer: `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      token_endpoint: `https://login.chinacloudapi.cn/${TENANT}/oauth2/v2.0/token`,
    });
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: TENANT } });
    // A token that names the sign-in host as its issuer is not the tenant's token.
    entra.idTokenClaims = { iss: `https://login.chinacloudapi.cn/${TENANT}/v2.0`, tid: TENANT };
    expect((await failure(signIn(connection))).code).toBe('issuer_mismatch');
  });
});

describe('the {tenantid} issuer of multi-tenant metadata', () => {
  it.each<EntraCloud>(['public', 'usgov', 'china'])(
    '%s: refuses an ID token whose iss names another tenant than its tid (MSAL test kit claims)',
    async (cloud) => {
      publishTenant(cloud, 'common');
      // MSAL's claims: iss names the consumers tenant, tid another one.
      const claims = kit.idTokenClaimsIssuerOfAnotherTenant;
      entra.idTokenClaims = {
        ...claims,
        iss: claims.iss.replace('login.microsoftonline.com', ISSUER_HOST[cloud]),
      };
      const connection = await open({ kind: 'entra', cloud, tenant: 'common', version: 'v2' });
      const error = await failure(signIn(connection));
      expect(error.code).toBe('issuer_mismatch');
      expect(error.message).toContain(claims.tid);
      expect(error.message).toContain(CONSUMERS);
    },
  );

  it('refuses an ID token without tid', async () => {
    publishTenant('usgov', 'organizations');
    entra.idTokenClaims = {
      iss: `https://login.microsoftonline.us/${VISITOR}/v2.0`,
      tid: undefined,
    };
    const connection = await open({
      kind: 'entra',
      cloud: 'usgov',
      tenant: 'organizations',
      version: 'v2',
    });
    const error = await failure(signIn(connection));
    expect(error.code).toBe('issuer_mismatch');
    expect(error.message).toMatch(/no tenant id \(tid\)/);
  });

  it('refuses an issuer of another cloud with the right tenant', async () => {
    publishTenant('usgov', 'common');
    entra.idTokenClaims = { ...kit.idTokenClaims }; // iss on login.microsoftonline.com
    const connection = await open({
      kind: 'entra',
      cloud: 'usgov',
      tenant: 'common',
      version: 'v2',
    });
    expect((await failure(signIn(connection))).code).toBe('issuer_mismatch');
  });

  it('refuses, on a connection that learned one tenant, a token of that issuer naming another tid', async () => {
    publishTenant('china', 'organizations');
    const issuer = `https://login.partner.microsoftonline.cn/${VISITOR}/v2.0`;
    entra.idTokenClaims = { ...kit.idTokenClaims, iss: issuer };
    const connection = await open({
      kind: 'entra',
      cloud: 'china',
      tenant: 'organizations',
      version: 'v2',
    });
    await signIn(connection);
    expect(connection.config.serverMetadata().issuer).toBe(issuer);
    // openid-client alone would accept this token now (its iss is the configured issuer).
    entra.idTokenClaims = { ...kit.idTokenClaims, iss: issuer, tid: TENANT };
    expect((await failure(signIn(connection))).code).toBe('issuer_mismatch');
    // A second tenant through the same connection is its own issuer again.
    entra.idTokenClaims = {
      iss: `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      tid: TENANT,
    };
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: TENANT } });
  });

  it('keeps the tenants of concurrent sign-ins on one connection apart', async () => {
    publishTenant('usgov', 'organizations');
    const connection = await open({
      kind: 'entra',
      cloud: 'usgov',
      tenant: 'organizations',
      version: 'v2',
    });
    const tenants = [VISITOR, TENANT, CONSUMERS.replace('9188', '1111')];
    for (const tid of tenants) {
      entra.claimsByUsername.set(`user@${tid}`, {
        iss: `https://login.microsoftonline.us/${tid}/v2.0`,
        tid,
      });
    }
    const signedIn = await Promise.all(
      [...tenants, ...tenants].map((tid) =>
        signInWithPassword(connection, {
          target: { kind: 'resource', resource: 'https://graph.microsoft.com' },
          username: `user@${tid}`,
          password: 'not-kept',
        }),
      ),
    );
    expect(signedIn.map((tokens) => tokens.account.tenantId)).toEqual([...tenants, ...tenants]);
    // Each response was fetched once: a second run is answered from the first one's response.
    expect(entra.requests.filter((r) => r.method === 'POST')).toHaveLength(6);
  });

  it('still verifies signature and audience of the tenant token (nothing switched off)', async () => {
    publishTenant('usgov', 'common');
    const connection = await open({
      kind: 'entra',
      cloud: 'usgov',
      tenant: 'common',
      version: 'v2',
    });
    const iss = `https://login.microsoftonline.us/${VISITOR}/v2.0`;
    entra.idTokenClaims = { ...kit.idTokenClaims, iss };
    entra.forgeSignatures = true;
    expect((await failure(signIn(connection))).code).toBe('id_token_invalid');
    entra.forgeSignatures = false;
    entra.audience = 'another-client';
    expect((await failure(signIn(connection))).code).toBe('id_token_invalid');
    entra.audience = undefined;
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: VISITOR } });
  });
});

describe('metadata that names an issuer the authority cannot have', () => {
  it.each<[string, EntraAuthority, string, Record<string, unknown>]>([
    [
      'a US Government tenant answered with public-cloud metadata',
      { kind: 'entra', cloud: 'usgov', tenant: TENANT, version: 'v2' },
      `/${TENANT}/v2.0`,
      recording.openidConfiguration,
    ],
    [
      'a tenant id answered with the metadata of another tenant',
      { kind: 'entra', cloud: 'public', tenant: VISITOR, version: 'v2' },
      `/${VISITOR}/v2.0`,
      recording.openidConfiguration,
    ],
    [
      'common answered with one tenant’s metadata',
      { kind: 'entra', cloud: 'china', tenant: 'common', version: 'v2' },
      '/common/v2.0',
      nationalCloudDocument('login.chinacloudapi.cn', 'common', TENANT),
    ],
    [
      'a v2 authority answered with v1 metadata',
      { kind: 'entra', cloud: 'public', tenant: 'common', version: 'v2' },
      '/common/v2.0',
      v1Common,
    ],
  ])('%s is refused at discovery', async (_, authority, path, document) => {
    entra.publish(SIGN_IN_HOST[authority.cloud], path, document);
    const error = await failure(open(authority));
    expect(error.code).toBe('discovery_failed');
    expect(error.message).toMatch(/issuer/);
  });
});

describe('Entra v1: sts.windows.net issuers', () => {
  const stsTenant = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';

  it('a tenant whose recorded metadata names https://sts.windows.net/{tid}/', async () => {
    entra.publish('login.microsoftonline.com', `/${stsTenant}`, v1Tenant);
    entra.idTokenClaims = {
      iss: `https://sts.windows.net/${stsTenant}/`,
      tid: stsTenant,
      ver: '1.0',
    };
    const connection = await open({
      kind: 'entra',
      cloud: 'public',
      tenant: stsTenant,
      version: 'v1',
    });
    expect(connection.config.serverMetadata().issuer).toBe(`https://sts.windows.net/${stsTenant}/`);
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: stsTenant } });
  });

  it('common: the recorded https://sts.windows.net/{tenantid}/ template, filled from tid', async () => {
    entra.publish('login.microsoftonline.com', '/common', v1Common);
    const connection = await open({
      kind: 'entra',
      cloud: 'public',
      tenant: 'common',
      version: 'v1',
    });
    entra.idTokenClaims = { ...kit.idTokenClaims, iss: `https://sts.windows.net/${VISITOR}/` };
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: VISITOR } });
    entra.idTokenClaims = { ...kit.idTokenClaims, iss: `https://sts.windows.net/${CONSUMERS}/` };
    expect((await failure(signIn(connection))).code).toBe('issuer_mismatch');
  });
});

describe('host aliases resolve to the same authority', () => {
  it.each<[string, EntraAuthority]>([
    [
      `https://login.windows.net/${TENANT}/v2.0`,
      { kind: 'entra', cloud: 'public', tenant: TENANT, version: 'v2' },
    ],
    [
      `https://login.microsoft.com/${TENANT}/v2.0/`,
      { kind: 'entra', cloud: 'public', tenant: TENANT, version: 'v2' },
    ],
    [
      `https://login.usgovcloudapi.net/${TENANT}/v2.0`,
      { kind: 'entra', cloud: 'usgov', tenant: TENANT, version: 'v2' },
    ],
    [
      `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      { kind: 'entra', cloud: 'china', tenant: TENANT, version: 'v2' },
    ],
  ])('%s is discovered and signed in as the Entra authority', async (issuerUrl, entraProfile) => {
    const issuer = publishTenant(entraProfile.cloud, TENANT);
    entra.idTokenClaims = { iss: issuer, tid: TENANT };
    const byAlias = await open({ kind: 'oidc', issuer: issuerUrl });
    expect(byAlias.authority.profile).toEqual(entraProfile);
    expect(byAlias.authority.discoveryUrl.href).toBe(
      `https://${SIGN_IN_HOST[entraProfile.cloud]}/${TENANT}/v2.0`,
    );
    expect(entra.requests[0]?.host).toBe(SIGN_IN_HOST[entraProfile.cloud]);
    await expect(signIn(byAlias)).resolves.toMatchObject({ account: { tenantId: TENANT } });
  });

  it('a v1 issuer URL on sts.windows.net is the v1 authority of its tenant', async () => {
    const stsTenant = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
    entra.publish('login.microsoftonline.com', `/${stsTenant}`, v1Tenant);
    const connection = await open({
      kind: 'oidc',
      issuer: `https://sts.windows.net/${stsTenant}/`,
    });
    expect(connection.authority.profile).toEqual({
      kind: 'entra',
      cloud: 'public',
      tenant: stsTenant,
      version: 'v1',
    });
    expect(connection.config.serverMetadata().issuer).toBe(`https://sts.windows.net/${stsTenant}/`);
  });

  it("MSAL's metadata served on login.windows.net: its {tenantid} issuer on the alias host", async () => {
    entra.publish('login.microsoftonline.com', '/common/v2.0', kit.aliasOpenidConfiguration);
    const connection = await open({
      kind: 'entra',
      cloud: 'public',
      tenant: 'common',
      version: 'v2',
    });
    expect(connection.config.serverMetadata().issuer).toBe(
      'https://login.windows.net/{tenantid}/v2.0',
    );
    entra.idTokenClaims = {
      ...kit.idTokenClaims,
      iss: `https://login.windows.net/${VISITOR}/v2.0`,
    };
    await expect(signIn(connection)).resolves.toMatchObject({ account: { tenantId: VISITOR } });
    expect(entra.requests.find((r) => r.method === 'POST')?.host).toBe('login.windows.net');
  });
});
