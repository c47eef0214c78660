import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import type { AccountInput, ClientAuthConfig } from '../../app/contract/accounts';
import { validateAccountInput } from '../../app/engine/account-input';
import { TokenDockError } from '../../app/errors/tokendock-error';
import { certificateChain } from '../../app/flows/certificate';
import {
  chooseSecretMethod,
  formEncodingChanges,
  secretMethodHint,
  TRY_SECRET_POST_HINT,
  type SecretAttempt,
} from '../../app/flows/client-auth';
import { createSelfSignedCertificate } from '../../app/sandbox/certificate';
import { accountShapeProblem } from '../../app/vault/account-shape';

describe('chooseSecretMethod (automatic)', () => {
  it.each<[string, unknown, string]>([
    ['absent: RFC 8414 §2 default', undefined, 'client_secret_basic'],
    ['empty', [], 'client_secret_basic'],
    ['not a list', 'client_secret_post', 'client_secret_basic'],
    ['only post', ['client_secret_post'], 'client_secret_post'],
    [
      'post first (Entra)',
      ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      'client_secret_post',
    ],
    ['basic first', ['client_secret_basic', 'client_secret_post'], 'client_secret_basic'],
    [
      'other methods before basic',
      ['private_key_jwt', 'client_secret_basic'],
      'client_secret_basic',
    ],
    ['neither basic nor post', ['private_key_jwt', 'tls_client_auth'], 'client_secret_basic'],
  ])('%s', (_, supported, expected) => {
    expect(chooseSecretMethod(supported)).toBe(expected);
  });
});

describe('formEncodingChanges: exactly what openid-client changes in client_secret_basic', () => {
  /** The password part of the Basic header openid-client builds for `secret`. */
  const onTheWire = (secret: string) => {
    const headers = new Headers();
    oidc.ClientSecretBasic(secret)(
      {} as oidc.ServerMetadata,
      { client_id: 'id' } as oidc.ClientMetadata,
      new URLSearchParams(),
      headers,
    );
    return atob(headers.get('authorization')!.slice('Basic '.length)).slice('id:'.length);
  };

  it('agrees with the library for every printable ASCII character', () => {
    for (let code = 0x20; code < 0x7f; code += 1) {
      const value = `a${String.fromCharCode(code)}b`;
      expect([value, formEncodingChanges(value)]).toEqual([value, onTheWire(value) !== value]);
    }
  });

  it('letters and digits are unchanged; -, ~, +, /, =, :, %, space and non-ASCII are changed', () => {
    expect(formEncodingChanges('abcXYZ019')).toBe(false);
    for (const c of ['-', '_', '.', '~', '+', '/', '=', ':', '%', ' ', 'é'])
      expect([c, formEncodingChanges(`x${c}y`)]).toEqual([c, true]);
    expect(onTheWire('tokendock-daemon')).toBe('tokendock%2Ddaemon');
  });
});

describe('secretMethodHint', () => {
  const basicEncoded: SecretAttempt = {
    method: 'client_secret_basic',
    encodingChangesCredentials: true,
  };
  const refused = { code: 'invalid_client' as const, httpStatus: 401 };

  it('says to try client_secret_post when basic with encoded characters is refused', () => {
    expect(secretMethodHint(refused, basicEncoded)).toBe(TRY_SECRET_POST_HINT);
    // Routed by code and status, not by message text.
    expect(secretMethodHint({ code: 'provider_error', httpStatus: 403 }, basicEncoded)).toBe(
      TRY_SECRET_POST_HINT,
    );
    expect(
      secretMethodHint({ code: 'provider_error', providerError: 'invalid_client' }, basicEncoded),
    ).toBe(TRY_SECRET_POST_HINT);
  });

  it('says nothing when encoding changes nothing, the method was post, or the failure is another', () => {
    expect(
      secretMethodHint(refused, {
        method: 'client_secret_basic',
        encodingChangesCredentials: false,
      }),
    ).toBeUndefined();
    expect(
      secretMethodHint(refused, { method: 'client_secret_post', encodingChangesCredentials: true }),
    ).toBeUndefined();
    expect(secretMethodHint(refused, undefined)).toBeUndefined();
    expect(
      secretMethodHint({ code: 'invalid_grant', httpStatus: 400 }, basicEncoded),
    ).toBeUndefined();
    expect(
      secretMethodHint({ code: 'server_error', httpStatus: 500 }, basicEncoded),
    ).toBeUndefined();
  });
});

describe('certificateChain (x5c)', () => {
  it('gives the standard base64 DER of each certificate, in order', async () => {
    const [a, b] = await Promise.all([
      createSelfSignedCertificate('leaf', 1),
      createSelfSignedCertificate('issuer', 1),
    ]);
    expect(certificateChain(`${a.certificatePem}${b.certificatePem}`)).toEqual([
      a.derBase64,
      b.derBase64,
    ]);
  });
});

describe('stored accounts: the shape check', () => {
  const record = (clientAuth: unknown) => ({
    id: 'a1',
    name: 'A',
    clientId: 'c',
    flow: 'client_credentials',
    signInMode: 'embedded',
    createdOn: 1,
    updatedOn: 1,
    authority: { kind: 'sandbox' },
    clientAuth,
    targets: [],
  });

  it('keeps records written before the options existed', () => {
    expect(accountShapeProblem(record({ kind: 'secret', method: 'client_secret_basic' }))).toBe(
      undefined,
    );
    expect(
      accountShapeProblem(
        record({ kind: 'certificate', algorithm: 'RS256', thumbprintSha1Hex: 'ab' }),
      ),
    ).toBe(undefined);
  });

  it('accepts the new options', () => {
    expect(accountShapeProblem(record({ kind: 'secret', method: 'automatic' }))).toBe(undefined);
    expect(
      accountShapeProblem(
        record({ kind: 'certificate', algorithm: 'PS256', audience: 'issuer', sendChain: true }),
      ),
    ).toBe(undefined);
    expect(
      accountShapeProblem(
        record({ kind: 'certificate', algorithm: 'RS256', audience: 'token-endpoint' }),
      ),
    ).toBe(undefined);
  });

  it('refuses unknown values', () => {
    expect(accountShapeProblem(record({ kind: 'secret', method: 'client_secret_jwt' }))).toMatch(
      /clientAuth/,
    );
    expect(
      accountShapeProblem(record({ kind: 'certificate', algorithm: 'RS256', audience: 'tenant' })),
    ).toMatch(/clientAuth/);
    expect(
      accountShapeProblem(record({ kind: 'certificate', algorithm: 'RS256', sendChain: 'yes' })),
    ).toMatch(/clientAuth/);
  });
});

describe('adding an account: the options are checked', () => {
  const input = (clientAuth: ClientAuthConfig): AccountInput => ({
    name: 'Daemon',
    authority: { kind: 'sandbox' },
    flow: 'client_credentials',
    clientId: 'c',
    clientAuth,
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: ['a'] } }],
  });
  const fieldsOf = async (value: AccountInput, stored = {}) => {
    const error = await validateAccountInput(value, stored, [], undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof TokenDockError ? error.fields : undefined;
  };

  it('accepts automatic and the certificate options', async () => {
    expect(
      await fieldsOf(input({ kind: 'secret', method: 'automatic' }), { clientSecret: 's' }),
    ).toBeUndefined();
    const cert = await createSelfSignedCertificate('daemon', 1);
    expect(
      await fieldsOf(
        input({
          kind: 'certificate',
          algorithm: 'RS256',
          certificatePem: cert.certificatePem,
          audience: 'issuer',
          sendChain: true,
        }),
        { certificateKeyPem: cert.privateKeyPem },
      ),
    ).toBeUndefined();
  });

  it('names the field of a bad option', async () => {
    const bad = input({ kind: 'secret', method: 'client_secret_jwt' as 'automatic' });
    expect(await fieldsOf(bad, { clientSecret: 's' })).toHaveProperty('secretMethod');
    const cert = await createSelfSignedCertificate('daemon', 1);
    const fields = await fieldsOf(
      input({
        kind: 'certificate',
        algorithm: 'RS256',
        thumbprintSha1Hex: cert.thumbprintSha1Hex,
        audience: 'tenant' as 'issuer',
        sendChain: true,
      }),
      { certificateKeyPem: cert.privateKeyPem },
    );
    expect(fields).toHaveProperty('audience');
    expect(fields?.sendChain).toMatch(/needs the certificate PEM/);
  });
});
