import { describe, expect, it } from 'vitest';
import { b2cIssuerProblem } from '../../app/authority/b2c';
import { resolveAuthority } from '../../app/authority/resolve-authority';
import {
  adfsAuthorityUrl,
  adfsHostFromUrl,
  adfsHostProblem,
  b2cAuthorityFromUrl,
  b2cAuthorityUrl,
  b2cProblems,
} from '../../app/contract/authority-checks';
import type { B2cAuthority } from '../../app/contract/authority';
import { validateAccountInput, type AccountInput } from '../../app/engine/account-input';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import { accountFrom } from '../../app/flows/token-set';
import type { AccountView } from '../../app/contract/accounts';
import { authorityOf, formFromAccount } from '../../renderer/src/form/model';

const TID = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
const POLICY = 'B2C_1_signupsignin';

const thrown = (fn: () => unknown): TokenDockError | undefined => {
  try {
    fn();
  } catch (error) {
    return error as TokenDockError;
  }
  return undefined;
};

describe('B2C authority URLs', () => {
  it.each([
    [
      { tenant: 'contoso', policy: POLICY },
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
    ],
    [
      { tenant: 'Contoso.onmicrosoft.com', policy: POLICY },
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
    ],
    [
      { tenant: 'contoso', policy: POLICY, domain: 'login.contoso.com' },
      'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
    ],
    [
      { tenant: TID, policy: 'B2C_1A_signup_signin', domain: 'Login.Contoso.com.' },
      `https://login.contoso.com/${TID}/B2C_1A_signup_signin/v2.0`,
    ],
  ])('%o is %s, and reads back', (parts, url) => {
    expect(b2cProblems(parts)).toEqual([]);
    expect(b2cAuthorityUrl(parts)).toBe(url);
    const back = b2cAuthorityFromUrl(url)!;
    expect(b2cAuthorityUrl(back)).toBe(url);
  });

  it('reads the shapes MSAL and the documentation write', () => {
    for (const url of [
      'https://fabrikamb2c.b2clogin.com/fabrikamb2c.onmicrosoft.com/b2c_1_susi',
      'https://fabrikamb2c.b2clogin.com/tfp/fabrikamb2c.onmicrosoft.com/b2c_1_susi/',
      'https://fabrikamb2c.b2clogin.com/fabrikamb2c.onmicrosoft.com/b2c_1_susi/v2.0/.well-known/openid-configuration',
    ])
      expect(b2cAuthorityFromUrl(url)).toEqual({ tenant: 'fabrikamb2c', policy: 'b2c_1_susi' });
    expect(b2cAuthorityFromUrl(`https://login.contoso.com/${TID}/B2C_1_susi/v2.0/`)).toEqual({
      tenant: TID,
      policy: 'B2C_1_susi',
      domain: 'login.contoso.com',
    });
  });

  it('is not fooled by other URLs', () => {
    for (const url of [
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
      'https://id.example.com/realms/b2c/protocol',
      // The path names another tenant than the b2clogin.com host.
      'https://contoso.b2clogin.com/fabrikam.onmicrosoft.com/B2C_1_susi/v2.0',
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0?p=x',
      'http://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
    ])
      expect(b2cAuthorityFromUrl(url)).toBeUndefined();
  });

  it('names the field of each problem', () => {
    expect(b2cProblems({ tenant: '', policy: '' }).map((p) => p.field)).toEqual([
      'b2cTenant',
      'b2cPolicy',
    ]);
    expect(b2cProblems({ tenant: 'contoso', policy: 'signupsignin' })).toEqual([
      expect.objectContaining({ field: 'b2cPolicy', message: expect.stringContaining('B2C_1_') }),
    ]);
    expect(b2cProblems({ tenant: TID, policy: POLICY })).toEqual([
      expect.objectContaining({ field: 'b2cTenant' }),
    ]);
    for (const domain of ['https://login.contoso.com/', 'contoso.b2clogin.com', 'not a host'])
      expect(b2cProblems({ tenant: 'contoso', policy: POLICY, domain })).toEqual([
        expect.objectContaining({ field: 'b2cDomain' }),
      ]);
  });

  it('resolves to a B2C profile; its field errors reach the account form by field name', async () => {
    const resolved = resolveAuthority({
      kind: 'oidc',
      issuer: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
    });
    expect(resolved.profile).toEqual({ kind: 'b2c', tenant: 'contoso', policy: 'B2C_1_susi' });
    expect(resolved.metadata?.url.href).toBe(
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/.well-known/openid-configuration',
    );
    expect(resolved.consentPrompt).toBe(false);
    expect(
      thrown(() => resolveAuthority({ kind: 'b2c', tenant: '', policy: 'x' }))?.fields,
    ).toEqual({
      b2cTenant: expect.any(String),
      b2cPolicy: expect.any(String),
    });
    // A b2clogin.com URL the engine cannot read as B2C is refused, not discovered unchecked.
    expect(
      thrown(() =>
        resolveAuthority({ kind: 'oidc', issuer: 'https://contoso.b2clogin.com/contoso' }),
      )?.code,
    ).toBe('invalid_configuration');

    const input: AccountInput = {
      name: 'B2C',
      authority: { kind: 'oidc', issuer: 'https://contoso.b2clogin.com/contoso' },
      flow: 'authorization_code',
      clientId: 'client',
      clientAuth: { kind: 'none' },
      redirectUri: 'https://app.example.test/cb',
      targets: [{ label: 'API', target: { kind: 'scopes', scopes: ['openid'] } }],
    };
    const error = await validateAccountInput(input, {}, [], undefined).then(
      () => undefined,
      (e: unknown) => e as TokenDockError,
    );
    expect(error?.fields).toEqual({ issuer: expect.stringContaining('b2clogin.com') });
  });
});

describe('B2C issuers', () => {
  const b2c: B2cAuthority = { kind: 'b2c', tenant: 'contoso', policy: POLICY };
  const custom: B2cAuthority = { ...b2c, tenant: TID, domain: 'login.contoso.com' };

  it('accepts the tenant id on the host signed in at, with or without the tfp form', () => {
    expect(b2cIssuerProblem(`https://contoso.b2clogin.com/${TID}/v2.0/`, b2c)).toBeUndefined();
    expect(
      b2cIssuerProblem(`https://contoso.b2clogin.com/tfp/${TID}/b2c_1_signupsignin/v2.0/`, b2c),
    ).toBeUndefined();
    expect(b2cIssuerProblem(`https://login.contoso.com/${TID}/v2.0/`, custom)).toBeUndefined();
  });

  it('refuses other hosts, tenants, user flows and shapes', () => {
    for (const [issuer, authority] of [
      [`https://fabrikam.b2clogin.com/${TID}/v2.0/`, b2c],
      [`https://login.microsoftonline.com/${TID}/v2.0/`, b2c],
      ['https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/', b2c],
      [`https://contoso.b2clogin.com/${TID}/`, b2c],
      [`https://contoso.b2clogin.com/tfp/${TID}/B2C_1_other/v2.0/`, b2c],
      [`https://login.contoso.com/11111111-2222-3333-4444-555555555555/v2.0/`, custom],
      [`http://login.contoso.com/${TID}/v2.0/`, custom],
      [undefined, b2c],
    ] as const)
      expect(b2cIssuerProblem(issuer, authority), String(issuer)).toEqual(expect.any(String));
  });
});

describe('AD FS', () => {
  it('is https://<host>/adfs', () => {
    expect(adfsAuthorityUrl(' FS.contoso.com ')).toBe('https://fs.contoso.com/adfs');
    expect(adfsHostFromUrl('https://fs.contoso.com/adfs/')).toBe('fs.contoso.com');
    expect(adfsHostFromUrl('https://fs.contoso.com:8443/adfs')).toBe('fs.contoso.com:8443');
    expect(adfsHostFromUrl('https://fs.contoso.com/')).toBeUndefined();
    expect(adfsHostProblem('fs.contoso.com')).toBeUndefined();
    for (const host of ['', 'https://fs.contoso.com', 'fs.contoso.com/adfs', 'fs:99999'])
      expect(adfsHostProblem(host)?.field).toBe('adfsHost');
  });

  it('sends no prompt=consent and names itself', () => {
    const resolved = resolveAuthority({ kind: 'oidc', issuer: 'https://fs.contoso.com/adfs' });
    expect(resolved.consentPrompt).toBe(false);
    expect(resolved.label).toBe('AD FS (fs.contoso.com)');
    expect(resolveAuthority({ kind: 'oidc', issuer: 'https://id.example.com' }).consentPrompt).toBe(
      true,
    );
  });
});

describe('the user shown', () => {
  it("is B2C's first address in emails when nothing else names the user", () => {
    const claims = { sub: 's', emails: ['ada@example.test', 'other@example.test'] };
    expect(accountFrom(claims, 'https://issuer').userId).toBe('ada@example.test');
    expect(accountFrom({ ...claims, email: 'e@example.test' }, 'https://i').userId).toBe(
      'e@example.test',
    );
    expect(accountFrom({ ...claims, preferred_username: 'p' }, 'https://i').userId).toBe('p');
    expect(accountFrom({ sub: 's', emails: [] }, 'https://i').userId).toBeUndefined();
    expect(accountFrom({ sub: 's', emails: [42] }, 'https://i').userId).toBeUndefined();
  });
});

describe('the form', () => {
  const stored = (issuer: string) =>
    formFromAccount({
      name: 'x',
      authority: { kind: 'oidc', issuer },
      flow: 'authorization_code',
      clientId: 'c',
      clientAuth: { kind: 'none' },
      signInMode: 'embedded',
      targets: [],
    } as unknown as AccountView);

  it('shows a stored B2C or AD FS account in its own fields, and stores the same issuer again', () => {
    const url = `https://login.contoso.com/${TID}/B2C_1_susi/v2.0`;
    expect(stored(url)).toMatchObject({
      preset: 'oidc',
      oidcKind: 'b2c',
      b2cTenant: TID,
      b2cPolicy: 'B2C_1_susi',
      b2cDomain: 'login.contoso.com',
    });
    expect(authorityOf(stored(url))).toEqual({ kind: 'oidc', issuer: url });
    expect(stored('https://fs.contoso.com/adfs')).toMatchObject({
      oidcKind: 'adfs',
      adfsHost: 'fs.contoso.com',
    });
    expect(stored('https://id.example.com/').oidcKind).toBe('issuer');
  });
});
