import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adfsAuthorityUrl, b2cAuthorityUrl } from '../../app/contract/authority-checks';
import type { AuthorityProfile } from '../../app/contract/authority';
import { signInWithAuthorizationCode } from '../../app/flows/authorization-code';
import { connect } from '../../app/flows/connect';
import {
  onHost,
  recordedFixture,
  startRecordedMicrosoft,
  type RecordedMicrosoft,
} from '../support/b2c-adfs-recorded';
import { failure } from '../support/failure';

/**
 * Azure AD B2C and AD FS through the engine's flows, on documents and token responses that MSAL
 * .NET recorded (test/fixtures/b2c, test/fixtures/adfs), served on 127.0.0.1.
 */

interface Recorded {
  document: Record<string, unknown>;
}
interface RecordedToken {
  tokenResponse: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
}

const CLIENT_ID = '0a7f52dd-260e-432f-94de-b47828c3f372';
const REDIRECT = 'https://app.example.test/auth/callback';
const API_SCOPE = 'https://sometenantid.onmicrosoft.com/webapitest/user.read';

const b2cDocument = recordedFixture<Recorded>(
  'b2c/msal-dotnet-openid-configuration-b2clogin.json',
).document;
const b2cToken = recordedFixture<RecordedToken>('b2c/msal-dotnet-b2c-token.json');
const adfsDocument = recordedFixture<Recorded>(
  'adfs/msal-dotnet-openid-configuration-onpremise.json',
).document;
const adfsToken = recordedFixture<RecordedToken>('adfs/msal-dotnet-adfs-token.json');

/** The tenant id the recorded B2C document names as its issuer. */
const B2C_TENANT_ID = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
const B2C_HOST = 'sometenantid.b2clogin.com';
const POLICY = 'B2C_1_signupsignin';

let m: RecordedMicrosoft;
beforeEach(async () => {
  m = await startRecordedMicrosoft({ clientId: CLIENT_ID });
});
afterEach(async () => {
  await m.close();
});

const http = () => ({ fetch: m.fetch, timeoutMs: 5_000 });
const publicClient = { clientId: CLIENT_ID, credential: { kind: 'none' as const } };
/** A B2C account as the form stores it: the `oidc` issuer URL its fields make. */
const b2c = (parts: { tenant: string; policy: string; domain?: string }): AuthorityProfile => ({
  kind: 'oidc',
  issuer: b2cAuthorityUrl(parts),
});

const signIn = async (profile: AuthorityProfile, scopes: string[]) => {
  const connection = await connect(profile, publicClient, http());
  return signInWithAuthorizationCode(connection, {
    target: { kind: 'scopes', scopes },
    mode: { kind: 'embedded', authWindow: m.authWindow, redirectUri: REDIRECT },
  });
};

describe('Azure AD B2C (recorded by MSAL .NET)', () => {
  it('discovers a tenant and user flow at <tenant>.b2clogin.com/<tenant>.onmicrosoft.com/<policy>/v2.0', async () => {
    m.publish(
      `https://${B2C_HOST}/sometenantid.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
      b2cDocument,
      b2cToken,
    );
    const connection = await connect(
      b2c({ tenant: 'sometenantid', policy: POLICY }),
      publicClient,
      http(),
    );
    expect(connection.authority.profile).toEqual({
      kind: 'b2c',
      tenant: 'sometenantid',
      policy: POLICY,
    });
    expect(connection.config.serverMetadata().issuer).toBe(
      `https://${B2C_HOST}/${B2C_TENANT_ID}/v2.0/`,
    );
    expect(m.requests.map((r) => `${r.host}${r.path}`)).toEqual([
      `${B2C_HOST}/sometenantid.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
    ]);
  });

  it('discovers through a custom domain, with the tenant id or the tenant name in the path', async () => {
    // B2C serves the same document on a custom domain, every URL and the issuer on that domain.
    const custom = onHost(b2cDocument, B2C_HOST, 'login.contoso.com');
    m.publish(
      `https://login.contoso.com/${B2C_TENANT_ID}/${POLICY}/v2.0/.well-known/openid-configuration`,
      custom,
      b2cToken,
    );
    m.publish(
      `https://login.contoso.com/contoso.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
      custom,
      b2cToken,
    );
    for (const tenant of [B2C_TENANT_ID, 'contoso']) {
      const connection = await connect(
        b2c({ tenant, policy: POLICY, domain: 'login.contoso.com' }),
        publicClient,
        http(),
      );
      expect(connection.config.serverMetadata().issuer).toBe(
        `https://login.contoso.com/${B2C_TENANT_ID}/v2.0/`,
      );
    }
    expect(m.requests.map((r) => r.path)).toEqual([
      `/${B2C_TENANT_ID}/${POLICY}/v2.0/.well-known/openid-configuration`,
      `/contoso.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
    ]);
  });

  it('refuses metadata whose issuer is another tenant or another host (openid-client would not check it on b2clogin.com)', async () => {
    const wrong = [
      // Another B2C tenant's host.
      { ...b2cDocument, issuer: `https://fabrikamb2c.b2clogin.com/${B2C_TENANT_ID}/v2.0/` },
      // Not a B2C issuer at all.
      { ...b2cDocument, issuer: 'https://evil.example.net/' },
    ];
    for (const document of wrong) {
      m.publish(
        `https://${B2C_HOST}/sometenantid.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
        document,
        b2cToken,
      );
      const error = await failure(
        connect(b2c({ tenant: 'sometenantid', policy: POLICY }), publicClient, http()),
      );
      expect(error).toMatchObject({ code: 'discovery_failed' });
      expect(error?.message).toContain(String(document.issuer));
    }
    // A tenant id given with a custom domain must be the issuer's.
    m.publish(
      `https://login.contoso.com/11111111-2222-3333-4444-555555555555/${POLICY}/v2.0/.well-known/openid-configuration`,
      onHost(b2cDocument, B2C_HOST, 'login.contoso.com'),
      b2cToken,
    );
    const error = await failure(
      connect(
        b2c({
          tenant: '11111111-2222-3333-4444-555555555555',
          policy: POLICY,
          domain: 'login.contoso.com',
        }),
        publicClient,
        http(),
      ),
    );
    expect(error).toMatchObject({ code: 'discovery_failed' });
    expect(error?.message).toContain('another tenant');
  });

  it('signs in without prompt=consent, with the API scope plus openid offline_access, and shows the user from emails', async () => {
    m.publish(
      `https://${B2C_HOST}/sometenantid.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
      b2cDocument,
      b2cToken,
    );
    const tokens = await signIn(b2c({ tenant: 'sometenantid', policy: POLICY }), [API_SCOPE]);
    const [authorize] = m.authWindow.opened;
    expect(`${authorize!.origin}${authorize!.pathname}`).toBe(b2cDocument.authorization_endpoint);
    expect(authorize!.searchParams.has('prompt')).toBe(false);
    expect(authorize!.searchParams.get('scope')!.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'offline_access', API_SCOPE]),
    );
    expect(authorize!.searchParams.has('resource')).toBe(false);
    // The recorded ID token has no preferred_username, email or upn: only `emails`.
    expect(b2cToken.idTokenClaims).not.toHaveProperty('preferred_username');
    expect(tokens.account).toMatchObject({
      userId: 'msalsdktest@outlook.com',
      name: 'MSAL SDK Test',
      subject: 'ad020f8e-b1ba-44b2-bd69-c22be86737f5',
    });
    expect(tokens.refreshToken).toBe('<removed_rt>');
  });

  it('refuses an ID token issued by another issuer than the metadata names', async () => {
    m.publish(
      `https://${B2C_HOST}/sometenantid.onmicrosoft.com/${POLICY}/v2.0/.well-known/openid-configuration`,
      b2cDocument,
      b2cToken,
    );
    // What the recorded token itself names: the legacy login.microsoftonline.com issuer.
    m.idTokenIssuer = String(b2cToken.idTokenClaims.iss);
    const error = await failure(
      signIn(b2c({ tenant: 'sometenantid', policy: POLICY }), [API_SCOPE]),
    );
    expect(error).toMatchObject({ code: 'issuer_mismatch' });
  });
});

describe('AD FS (recorded by MSAL .NET)', () => {
  it('discovers https://<host>/adfs and signs in with a resource, no prompt=consent', async () => {
    m.publish(
      'https://fs.contoso.com/adfs/.well-known/openid-configuration',
      adfsDocument,
      adfsToken,
    );
    const profile: AuthorityProfile = { kind: 'oidc', issuer: adfsAuthorityUrl('fs.contoso.com') };
    const connection = await connect(profile, publicClient, http());
    expect(connection.authority.label).toBe('AD FS (fs.contoso.com)');
    expect(connection.config.serverMetadata().issuer).toBe('https://fs.contoso.com/adfs');
    const tokens = await signInWithAuthorizationCode(connection, {
      target: { kind: 'resource', resource: 'urn:contoso:api' },
      mode: { kind: 'embedded', authWindow: m.authWindow, redirectUri: REDIRECT },
    });
    const [authorize] = m.authWindow.opened;
    expect(`${authorize!.origin}${authorize!.pathname}`).toBe(adfsDocument.authorization_endpoint);
    expect(authorize!.searchParams.has('prompt')).toBe(false);
    expect(authorize!.searchParams.get('resource')).toBe('urn:contoso:api');
    const tokenRequest = m.requests.find((r) => r.method === 'POST')!;
    expect(tokenRequest.path).toBe('/adfs/oauth2/token/');
    expect(tokenRequest.body.get('resource')).toBe('urn:contoso:api');
    // AD FS writes expires_in as a string.
    expect(adfsToken.tokenResponse.expires_in).toBe('3599');
    expect(tokens.expiresIn).toBe(3599);
    expect(tokens.account).toMatchObject({
      userId: 'displayable@contoso.com',
      name: 'Marrrrrio Bossy',
      subject: 'on_premise_unique_id',
    });
  });
});
