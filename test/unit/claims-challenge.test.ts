import { describe, expect, it } from 'vitest';
import {
  clientCapabilitiesProblem,
  decodeClaimsChallenge,
  describeClaimsChallenge,
  mergeClientCapabilities,
} from '../../app/contract/claims-challenge';
import { fixture } from '../support/entra-recorded';

/**
 * The claims-challenge rules shared by the engine and the renderer, on challenge strings
 * published by Microsoft (documentation, MSAL test suites; see test/fixtures/entra/README.md).
 */

interface DotnetResponses {
  invalidGrantWithBase64Claims: { text: string };
  wwwAuthenticateClaims: { header: string; decodedClaims: string };
}
interface Recorded {
  status: number;
  body: Record<string, unknown> & { claims?: string; suberror?: string; error_codes?: number[] };
}
const dotnet = fixture<DotnetResponses>('claims-msal-dotnet-responses.json');
const msalJs = fixture<{ interactionRequiredWithClaims: Recorded }>(
  'claims-msal-js-responses.json',
);
const field = fixture<{ mfaEnrollmentWithCapolids: Recorded; compliantDevice53000: Recorded }>(
  'claims-field-responses.json',
);

/** The `claims` of a WWW-Authenticate challenge (its quoted parameter). */
const claimsParameter = (header: string) => /claims="([^"]*)"/.exec(header)![1]!;

// learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation: the
// claims challenge of a resource server after a revoked session (continuous access evaluation).
const CAE_DOCS_CHALLENGE =
  'eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0=';
// An API asking for Conditional Access authentication context c1: the `acrs` claims request of
// learn.microsoft.com/entra/identity-platform/developer-guide-conditional-access-authentication-context
// (its shape; the page's exact bytes were not compared here).
const AUTH_CONTEXT_C1 = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

describe('decodeClaimsChallenge', () => {
  it('decodes base64 (padded, unpadded, URL-safe) and keeps JSON as it is', () => {
    expect(decodeClaimsChallenge(claimsParameter(dotnet.wwwAuthenticateClaims.header))).toBe(
      dotnet.wwwAuthenticateClaims.decodedClaims,
    );
    expect(decodeClaimsChallenge(CAE_DOCS_CHALLENGE)).toBe(
      '{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}',
    );
    expect(decodeClaimsChallenge(CAE_DOCS_CHALLENGE.replace(/=+$/, ''))).toBe(
      decodeClaimsChallenge(CAE_DOCS_CHALLENGE),
    );
    const urlSafe = btoa('{"id_token":{"acr":{"values":["x?>"]}}}')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect(decodeClaimsChallenge(urlSafe)).toBe('{"id_token":{"acr":{"values":["x?>"]}}}');
    expect(decodeClaimsChallenge(AUTH_CONTEXT_C1)).toBe(AUTH_CONTEXT_C1);
  });

  it('refuses what is not a claims request', () => {
    for (const value of ['', '   ', 'some_claims', '[1,2]', '{not json', btoa('"text"'), 'ab$c'])
      expect(decodeClaimsChallenge(value), value).toBeUndefined();
    expect(decodeClaimsChallenge(`{"a":"${'x'.repeat(20_000)}"}`)).toBeUndefined();
  });
});

describe("mergeClientCapabilities (MSAL's rule)", () => {
  // The cases of MSAL Python's TestApplicationForClientCapabilities (tests/test_application.py)
  // and MSAL .NET's TestConstants (ClientCapabilitiesAndClaimsJsonWithAccessToken, …).
  it('adds access_token.xms_cc and keeps everything else', () => {
    expect(
      JSON.parse(
        mergeClientCapabilities('{"id_token": {"auth_time": {"essential": true}}}', [
          'foo',
          'bar',
        ])!,
      ),
    ).toEqual({
      id_token: { auth_time: { essential: true } },
      access_token: { xms_cc: { values: ['foo', 'bar'] } },
    });
    expect(
      JSON.parse(
        mergeClientCapabilities(
          '{"access_token":{"nbf":{"essential":true, "value":"1701477303"},"additional_claim":{"key":"value"}}}',
          ['cp1', 'cp2'],
        )!,
      ),
    ).toEqual(
      JSON.parse(
        '{"access_token":{"xms_cc":{"values":["cp1","cp2"]},"nbf":{"essential":true,"value":"1701477303"},"additional_claim":{"key":"value"}}}',
      ),
    );
  });

  it('gives the capabilities alone, the challenge alone, or nothing', () => {
    expect(mergeClientCapabilities(undefined, ['cp1'])).toBe(
      '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
    );
    expect(mergeClientCapabilities(AUTH_CONTEXT_C1, [])).toBe(AUTH_CONTEXT_C1);
    expect(mergeClientCapabilities(CAE_DOCS_CHALLENGE, undefined)).toBe(
      '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}',
    );
    expect(mergeClientCapabilities(undefined, undefined)).toBeUndefined();
    expect(mergeClientCapabilities('', [])).toBeUndefined();
  });

  it('replaces an xms_cc the challenge already names, as MSAL JS does', () => {
    expect(
      mergeClientCapabilities(
        '{"access_token":{"xms_cc":{"values":["old"]},"acrs":{"value":"c1"}}}',
        ['cp1'],
      ),
    ).toBe('{"access_token":{"xms_cc":{"values":["cp1"]},"acrs":{"value":"c1"}}}');
  });
});

describe('describeClaimsChallenge', () => {
  it('a continuous access evaluation challenge asks to sign in again', () => {
    const d = describeClaimsChallenge({ claims: CAE_DOCS_CHALLENGE })!;
    expect(d.asks).toEqual(['reauthenticate']);
    expect(d.summary).toBe('The provider asks for signing in again. Sign in again to provide it.');
    expect(d.details[0]).toMatch(/revoked or is too old/);
  });

  it('an authentication context names its id', () => {
    const d = describeClaimsChallenge({ claims: AUTH_CONTEXT_C1 })!;
    expect(d.asks).toEqual(['auth-context']);
    expect(d.authContexts).toEqual(['c1']);
    expect(d.details[0]).toMatch(/authentication context c1/);
    // MSAL .NET's base64 test challenge (acrs "cp1") is read the same way.
    expect(
      describeClaimsChallenge({
        claims: JSON.parse(dotnet.invalidGrantWithBase64Claims.text).claims,
      })!.authContexts,
    ).toEqual(['cp1']);
  });

  it('MFA from acrs/amr values, and from AADSTS50076', () => {
    expect(
      describeClaimsChallenge({
        claims: '{"id_token":{"amr":{"essential":true,"values":["mfa"]}}}',
      })!.asks,
    ).toEqual(['mfa']);
    expect(
      describeClaimsChallenge({
        claims:
          '{"id_token":{"acr":{"values":["http://schemas.microsoft.com/claims/multipleauthn"]}}}',
      })!.asks,
    ).toEqual(['mfa']);
    const d = describeClaimsChallenge({ suberror: 'basic_action', errorCodes: [50076] })!;
    expect(d.asks).toEqual(['mfa']);
    expect(d.summary).toBe(
      'The provider asks for multi-factor authentication. Sign in again to provide it.',
    );
  });

  it("MSAL JS's 50079 body: registering for MFA (the policy ids say no more)", () => {
    const body = msalJs.interactionRequiredWithClaims.body;
    const d = describeClaimsChallenge({ claims: body.claims!, errorCodes: body.error_codes! })!;
    expect(d.asks).toEqual(['mfa-registration']);
    expect(d.summary).toMatch(/registering a multi-factor authentication method/);
  });

  it('a field body with capolids and basic_action', () => {
    const body = field.mfaEnrollmentWithCapolids.body;
    const d = describeClaimsChallenge({
      claims: body.claims!,
      suberror: body.suberror!,
      errorCodes: body.error_codes!,
    })!;
    expect(d.asks).toEqual(['mfa-registration']);
    expect(d.details).toContain('The sign-in page can complete what is missing: sign in again.');
  });

  it('policy ids alone: a Conditional Access policy', () => {
    expect(
      describeClaimsChallenge({ claims: msalJs.interactionRequiredWithClaims.body.claims! })!.asks,
    ).toEqual(['policy']);
  });

  it('a compliant device (AADSTS53000, additional_action)', () => {
    const body = field.compliantDevice53000.body;
    const d = describeClaimsChallenge({ suberror: body.suberror!, errorCodes: body.error_codes! })!;
    expect(d.asks).toEqual(['compliant-device']);
    expect(d.summary).toBe(
      'The provider asks for a device your organisation manages and marks compliant. Sign in again to provide it.',
    );
    expect(d.details[1]).toMatch(/outside the sign-in/);
  });

  it('consent, password change and message_only from suberrors', () => {
    expect(describeClaimsChallenge({ suberror: 'consent_required' })!.asks).toEqual(['consent']);
    expect(describeClaimsChallenge({ suberror: 'user_password_expired' })!.summary).toBe(
      'The provider asks for a new password. Sign in again to provide it.',
    );
    expect(describeClaimsChallenge({ suberror: 'message_only' })!.summary).toBe(
      'The provider asks for access that a policy blocks. Only your administrator can change that.',
    );
    expect(describeClaimsChallenge({ suberror: 'bad_token' })!).toMatchObject({
      asks: [],
      summary: 'The saved sign-in is no longer valid: sign in again.',
    });
  });

  it('re-authentication from the id_token auth_time of MSAL .NET’s Bearer challenge', () => {
    const d = describeClaimsChallenge({
      claims: claimsParameter(dotnet.wwwAuthenticateClaims.header),
    })!;
    expect(d.asks).toEqual(['reauthenticate']);
  });

  it('anything else gets a general sentence; nothing gets nothing', () => {
    expect(
      describeClaimsChallenge({ claims: '{"access_token":{"foo":{"essential":true}}}' }),
    ).toEqual({
      asks: [],
      summary:
        'The provider needs you to sign in again interactively; the sign-in page shows what it asks for.',
      details: [
        'The provider needs you to sign in again interactively; the sign-in page shows what it asks for.',
      ],
    });
    expect(describeClaimsChallenge({})).toBeUndefined();
    expect(
      describeClaimsChallenge({ suberror: 'client_mismatch', errorCodes: [70008] }),
    ).toBeUndefined();
  });
});

describe('clientCapabilitiesProblem', () => {
  it('Entra ID and a person’s flow only', () => {
    expect(clientCapabilitiesProblem('entra', false, ['cp1'])).toBeUndefined();
    expect(clientCapabilitiesProblem('oidc', false, ['cp1'])).toMatch(/Microsoft Entra ID feature/);
    expect(clientCapabilitiesProblem('entra', true, ['cp1'])).toMatch(/a person signs in/);
    expect(clientCapabilitiesProblem('oidc', true, [])).toBeUndefined();
    expect(clientCapabilitiesProblem('sandbox', false, undefined)).toBeUndefined();
  });
});
