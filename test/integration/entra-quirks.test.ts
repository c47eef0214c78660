import { describe, expect, it } from 'vitest';
import { connect } from '../../app/flows/connect';
import { signInWithPassword } from '../../app/flows/password';
import { startDeviceCode } from '../../app/flows/device-code';
import { acquireWithClientCredentials } from '../../app/flows/client-credentials';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { createFakeEntra } from '../support/fake-entra';

const clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const fixedClock = { now: () => Date.UTC(2026, 10, 24, 10, 0, 0) };

describe('Microsoft Entra ID response shapes', () => {
  it('validates the {tenantid} issuer of multi-tenant (common) metadata against the token tid', async () => {
    const entra = await createFakeEntra({ clientId });
    const connection = await connect(
      { kind: 'entra', tenant: 'common', cloud: 'public', version: 'v2' },
      { clientId, credential: { kind: 'none' } },
      { fetch: entra.fetch, clock: fixedClock },
    );
    expect(connection.config.serverMetadata().issuer).toBe(
      'https://login.microsoftonline.com/{tenantid}/v2.0',
    );
    const tokens = await signInWithPassword(connection, {
      target: { kind: 'resource', resource: 'https://graph.microsoft.com' },
      username: 'megan@contoso.test',
      password: 'not-kept',
    });
    expect(tokens.account).toMatchObject({
      userId: 'megan@contoso.test',
      tenantId: entra.tenantId,
      oid: '00000000-0000-0000-0000-00000000abcd',
      name: 'Megan Bowen',
      identityProvider: `https://login.microsoftonline.com/${entra.tenantId}/v2.0`,
    });
    // expires_in came as the string "3599"; ext_expires_in as "7199".
    expect(tokens.expiresIn).toBe(3599);
    expect(tokens.expiresOn).toBe(fixedClock.now() + 3599_000);
    expect(tokens.extExpiresOn).toBe(fixedClock.now() + 7199_000);
    // resource R became the scope R/.default on v2.
    const tokenRequest = entra.requests.find((r) => r.url.endsWith('/token'))!;
    expect(tokenRequest.body.get('scope')).toBe(
      'openid profile offline_access https://graph.microsoft.com/.default',
    );
    expect(tokenRequest.body.get('resource')).toBeNull();
  });

  it('turns error_codes and AADSTS descriptions into a code, the provider text and a hint', async () => {
    const entra = await createFakeEntra({ clientId });
    const connection = await connect(
      { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
      { clientId, credential: { kind: 'secret', secret: 'wrong' } },
      { fetch: entra.fetch },
    );
    entra.failNextToken({
      error: 'invalid_client',
      code: 7000215,
      description: 'Invalid client secret provided.',
      status: 401,
    });
    const error = await acquireWithClientCredentials(connection, {
      target: { kind: 'resource', resource: 'https://management.azure.com/' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).toInfo()).toMatchObject({
      code: 'invalid_client',
      providerError: 'invalid_client',
      errorCodes: [7000215],
      httpStatus: 401,
      traceId: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
      correlationId: 'aaaa0000-bb11-2222-33cc-444444dddddd',
    });
    expect((error as TokenDockError).message).toBe(
      'invalid_client: AADSTS7000215: Invalid client secret provided.',
    );
    expect((error as TokenDockError).hint).toMatch(/Value \(not its Secret ID\)/);
    const request = entra.requests.find((r) => r.url.endsWith('/token'))!;
    expect(request.body.get('scope')).toBe('https://management.azure.com//.default');
  });

  it.each([
    [50076, 'interaction_required', /Multi-factor/],
    [70043, 'invalid_grant', /sign-in frequency/],
    [65001, 'invalid_grant', /consent/],
  ])('AADSTS%i as %s gets its hint', async (code, error, hint) => {
    const entra = await createFakeEntra({ clientId });
    const connection = await connect(
      { kind: 'entra', tenant: 'organizations', cloud: 'public', version: 'v2' },
      { clientId, credential: { kind: 'none' } },
      { fetch: entra.fetch },
    );
    entra.failNextToken({ error, code, description: 'Something Entra says.' });
    const failure = (await signInWithPassword(connection, {
      target: { kind: 'scopes', scopes: ['User.Read'] },
      username: 'u',
      password: 'p',
    }).catch((e: unknown) => e)) as TokenDockError;
    expect(failure.code).toBe(error);
    expect(failure.errorCodes).toEqual([code]);
    expect(failure.hint).toMatch(hint);
  });

  it('accepts Entra v1 device code responses (verification_url, string numbers) and sends resource', async () => {
    const entra = await createFakeEntra({ clientId });
    const connection = await connect(
      { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v1' },
      { clientId, credential: { kind: 'none' } },
      { fetch: entra.fetch, clock: fixedClock },
    );
    const session = await startDeviceCode(connection, {
      target: { kind: 'resource', resource: 'https://management.core.windows.net/' },
    });
    expect(session.prompt).toMatchObject({
      userCode: 'FW3Q2LQ6U',
      verificationUri: 'https://microsoft.com/devicelogin',
      expiresIn: 900,
      interval: 1,
      expiresOn: fixedClock.now() + 900_000,
    });
    expect(session.prompt.message).toContain('FW3Q2LQ6U');
    const start = entra.requests.find((r) => r.url.endsWith('/oauth2/devicecode'))!;
    expect(start.url).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/devicecode',
    );
    expect(start.body.get('resource')).toBe('https://management.core.windows.net/');
    const tokens = await session.waitForTokens();
    expect(tokens.account.tenantId).toBe(entra.tenantId);
    expect(tokens.resource).toBe('https://management.core.windows.net/');
  });
});
