import { beforeAll, describe, expect, it } from 'vitest';
import { FLOW_KINDS, isAppOnlyFlow, type FlowKind } from '../../app/contract/accounts';
import {
  canStartFromRefreshToken,
  errorField,
  MAX_REFRESH_TOKEN_LENGTH,
  REFRESH_TOKEN_REFUSED,
  refreshTokenProblem,
} from '../../app/contract/flow-rules';
import { redirectUriProblem, type SignInMode } from '../../app/contract/redirect-uri';
import { validateAccountInput, type AccountInput } from '../../app/engine/account-input';
import { TokenDockError } from '../../app/errors/tokendock-error';
import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from '../../app/sandbox/certificate';
import { fieldErrorsOf } from '../../renderer/src/form/error-fields';
import { emptyForm, emptyTarget, type FormState } from '../../renderer/src/form/model';
import { toInput } from '../../renderer/src/form/to-input';
import { validateForm } from '../../renderer/src/form/validate';

/**
 * Item 13: the rules the engine and the add-account form share are written once
 * (`app/contract/flow-rules.ts`, `app/contract/redirect-uri.ts`), so every case here runs through
 * both the engine's validation and the form's and must get the same answer.
 */

/** A valid form of a generic provider; each case changes what it is about. */
function form(patch: Partial<FormState>): FormState {
  return {
    ...emptyForm('oidc'),
    name: 'Contoso',
    issuer: 'https://login.example.com',
    clientId: 'client-1',
    redirectUri: 'https://login.example.com/native',
    targets: [{ ...emptyTarget('oidc'), scopes: 'api://orders/.default' }],
    ...patch,
  };
}

/** The engine's `fields` for what the form would send (no provider is asked). */
async function engineFields(input: AccountInput, editingId?: string) {
  try {
    await validateAccountInput(input, {}, [], editingId);
    return {};
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDockError);
    return (error as TokenDockError).fields ?? {};
  }
}

/** The message each side gives for `field`: the form's, then the engine's. */
async function both(state: FormState, field: string) {
  return {
    form: validateForm(state)[field],
    engine: (await engineFields(toInput(state)))[field],
  };
}

const REDIRECT_CASES: Array<[SignInMode, string, 'ok' | 'refused']> = [
  ['embedded', 'https://login.microsoftonline.com/common/oauth2/nativeclient', 'ok'],
  ['embedded', 'https://app.example.com/auth/callback?tenant=a', 'ok'],
  ['embedded', 'http://127.0.0.1/callback', 'ok'],
  ['embedded', 'http://localhost:8400/callback', 'ok'],
  ['embedded', 'http://[::1]/callback', 'ok'],
  // Private-use schemes (RFC 8252 §7.1): the engine took them, the form refused them.
  ['embedded', 'msal00000000-0000-0000-0000-000000000000://auth', 'ok'],
  ['embedded', 'com.example.app:/oauth2redirect', 'ok'],
  // Plain http off this computer: both took it (RFC 8252 §8.3 says loopback only).
  ['embedded', 'http://app.example.com/callback', 'refused'],
  // The engine took anything `new URL` parses.
  ['embedded', 'javascript:alert(1)', 'refused'],
  ['embedded', 'file:///etc/passwd', 'refused'],
  ['embedded', 'urn:ietf:wg:oauth:2.0:oob', 'refused'],
  ['embedded', 'https://app.example.com/callback#done', 'refused'],
  ['embedded', 'https://user:pw@app.example.com/callback', 'refused'],
  ['embedded', 'myapp:', 'refused'],
  ['embedded', 'not a url', 'refused'],
  ['embedded', '', 'refused'],
  ['system-browser', '', 'ok'],
  ['system-browser', 'http://127.0.0.1/callback', 'ok'],
  ['system-browser', 'http://127.0.0.1:8400/callback', 'ok'],
  ['system-browser', 'http://localhost:8400/auth', 'ok'],
  ['system-browser', 'https://login.microsoftonline.com/common/oauth2/nativeclient', 'refused'],
  ['system-browser', 'http://192.168.1.10:8400/callback', 'refused'],
  ['system-browser', 'http://127.0.0.1:70000/callback', 'refused'],
  ['system-browser', 'http://127.0.0.1:8400/callback?x=1', 'refused'],
];

describe('redirect URIs: one rule for the engine and the form', () => {
  it.each(REDIRECT_CASES)('%s %j is %s by both', async (signInMode, redirectUri, verdict) => {
    const rule = redirectUriProblem(signInMode, redirectUri);
    const { form: fromForm, engine } = await both(
      form({ flow: 'authorization_code', signInMode, redirectUri }),
      'redirectUri',
    );
    expect(fromForm).toBe(rule);
    expect(engine).toBe(rule);
    if (verdict === 'ok') expect(rule).toBeUndefined();
    else expect(rule).toEqual(expect.any(String));
  });

  it('is not asked of flows without a redirect', async () => {
    for (const flow of FLOW_KINDS.filter((f) => f !== 'authorization_code')) {
      const state = form({ flow, redirectUri: 'javascript:alert(1)', username: 'ada' });
      expect(await both(state, 'redirectUri')).toEqual({ form: undefined, engine: undefined });
    }
  });
});

describe('app-only flows: one rule for the engine and the form', () => {
  it.each(FLOW_KINDS)('%s without a client credential', async (flow) => {
    const state = form({
      flow,
      authKind: 'none',
      username: 'ada',
      assertionAccountId: 'a',
      assertionTargetId: 't',
    });
    const { form: fromForm, engine } = await both(state, 'clientAuth');
    expect(fromForm).toBe(engine);
    expect(fromForm === undefined).toBe(!isAppOnlyFlow(flow));
  });
});

describe('a pasted refresh token: one rule for the engine and the form', () => {
  const token = 'a-refresh-token-0123456789';
  const cases: Array<[string, FlowKind, string]> = [
    ['a token, authorization code', 'authorization_code', token],
    ['a token, device code', 'device_code', token],
    ['a token, password', 'password', token],
    ['a token, client credentials', 'client_credentials', token],
    ['a token, on-behalf-of', 'on_behalf_of', token],
    ['empty', 'authorization_code', '   '],
    ['two lines', 'authorization_code', `${token}\n${token}`],
    ['not ASCII', 'authorization_code', `${token}é`],
    ['too long', 'authorization_code', 'x'.repeat(MAX_REFRESH_TOKEN_LENGTH + 1)],
    ['surrounded by white space', 'authorization_code', `  ${token}\n`],
  ];
  it.each(cases)('%s', async (_name, flow, refreshToken) => {
    const rule = refreshTokenProblem(flow, refreshToken);
    const state = form({
      flow,
      authKind: isAppOnlyFlow(flow) ? 'secret' : 'none',
      clientSecret: 'a-client-secret',
      username: 'ada',
      assertionAccountId: 'a',
      assertionTargetId: 't',
      useRefreshToken: true,
      refreshToken,
    });
    expect(validateForm(state).refreshToken).toBe(rule);
    // The form sends no token for an app-only flow; the engine refuses one sent anyway.
    const input = { ...toInput(state), refreshToken };
    expect((await engineFields(input)).refreshToken).toBe(rule);
    expect(rule === undefined).toBe(
      canStartFromRefreshToken(flow) && refreshToken.trim() === token,
    );
    // The message never carries the token.
    if (rule) expect(rule).not.toContain(token);
  });

  it('is sent only when chosen, and refused by the engine when editing', async () => {
    const chosen = form({ useRefreshToken: true, refreshToken: ` ${token} ` });
    expect(toInput(chosen).refreshToken).toBe(token);
    expect(toInput({ ...chosen, useRefreshToken: false }).refreshToken).toBeUndefined();
    expect(Object.keys(await engineFields(toInput(chosen), 'an-account'))).toEqual([
      'refreshToken',
    ]);
  });
});

describe('engine errors reach form fields by code, never by wording', () => {
  const state = form({ useRefreshToken: true, refreshToken: 'x'.repeat(20) });
  it('takes the fields the engine named', () => {
    const fields = { refreshToken: REFRESH_TOKEN_REFUSED };
    expect(
      fieldErrorsOf({ code: 'invalid_grant', message: 'anything', fields }, state, 'issuer'),
    ).toEqual(fields);
  });

  it('routes an error without fields by its code alone', () => {
    // The wording names another field: it does not matter.
    const info = { code: 'invalid_grant' as const, message: 'The thumbprint is wrong.' };
    expect(fieldErrorsOf(info, state, 'issuer')).toEqual({
      refreshToken: 'The thumbprint is wrong.',
    });
    expect(fieldErrorsOf(info, { ...state, useRefreshToken: false }, 'issuer')).toBeUndefined();
    expect(fieldErrorsOf({ code: 'discovery_failed', message: 'm' }, state, 'tenant')).toEqual({
      tenant: 'm',
    });
    expect(fieldErrorsOf({ code: 'network', message: 'The issuer URL' }, state, 'issuer')).toBe(
      undefined,
    );
  });

  it('names the client credential field by the client authentication', () => {
    const context = { refreshToken: true, authorityField: 'issuer' };
    expect(errorField('invalid_client', { ...context, clientAuth: 'secret' })).toBe('clientSecret');
    expect(errorField('invalid_client', { ...context, clientAuth: 'certificate' })).toBe(
      'certificateKeyPem',
    );
    expect(errorField('invalid_client', { ...context, clientAuth: 'none' })).toBe('clientId');
  });
});

describe('certificate problems go to the part that is wrong (engine), not by their wording', () => {
  let cert: SelfSignedCertificate;
  let other: SelfSignedCertificate;
  beforeAll(async () => {
    [cert, other] = await Promise.all([
      createSelfSignedCertificate('tokendock-shared-rules'),
      createSelfSignedCertificate('tokendock-shared-rules-other'),
    ]);
  });
  const input = (
    clientAuth: Extract<AccountInput['clientAuth'], { kind: 'certificate' }>,
    certificateKeyPem: string,
  ): AccountInput => ({
    ...toInput(form({ flow: 'client_credentials' })),
    clientAuth,
    certificateKeyPem,
  });

  it.each([
    [
      'a damaged key',
      'certificateKeyPem',
      () =>
        input(
          { kind: 'certificate', algorithm: 'RS256', certificatePem: cert.certificatePem },
          '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        ),
    ],
    [
      'another key',
      'certificatePem',
      () =>
        input(
          { kind: 'certificate', algorithm: 'RS256', certificatePem: cert.certificatePem },
          other.privateKeyPem,
        ),
    ],
    [
      'a damaged certificate',
      'certificatePem',
      () =>
        input(
          {
            kind: 'certificate',
            algorithm: 'RS256',
            certificatePem: '-----BEGIN CERTIFICATE-----\nbm90\n-----END CERTIFICATE-----',
          },
          cert.privateKeyPem,
        ),
    ],
    [
      'a thumbprint of another certificate',
      'thumbprintSha1Hex',
      () =>
        input(
          {
            kind: 'certificate',
            algorithm: 'RS256',
            certificatePem: cert.certificatePem,
            thumbprintSha1Hex: other.thumbprintSha1Hex,
          },
          cert.privateKeyPem,
        ),
    ],
    [
      'a thumbprint that is no thumbprint',
      'thumbprintSha1Hex',
      () =>
        input(
          { kind: 'certificate', algorithm: 'RS256', thumbprintSha1Hex: 'zz' },
          cert.privateKeyPem,
        ),
    ],
    [
      'PS256 with a thumbprint only',
      'certificatePem',
      () =>
        input(
          { kind: 'certificate', algorithm: 'PS256', thumbprintSha1Hex: cert.thumbprintSha1Hex },
          cert.privateKeyPem,
        ),
    ],
  ] as const)('%s → %s', async (_name, field, make) => {
    expect(Object.keys(await engineFields(make()))).toEqual([field]);
  });

  it('accepts a matching certificate, key and thumbprint', async () => {
    const fine = input(
      {
        kind: 'certificate',
        algorithm: 'PS256',
        certificatePem: cert.certificatePem,
        thumbprintSha1Hex: cert.thumbprintSha1Hex,
      },
      cert.privateKeyPem,
    );
    expect(await engineFields(fine)).toEqual({});
  });
});
