import { CompactEncrypt, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  describePartProblem,
  inspectToken,
  normaliseTokenInput,
  tokenValidity,
} from '../../app/contract/jwt-inspect';
import { describeClaim, wellKnownName, wellKnownNames } from '../../app/contract/jwt-claims';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = segment({ alg: 'RS256', typ: 'JWT' });
const payload = segment({ aud: 'https://graph.microsoft.com', scp: 'User.Read', exp: 2000000000 });
const jwt = `${header}.${payload}.c2lnbmF0dXJl`;

describe('normaliseTokenInput', () => {
  it('reads past Authorization:, Bearer, quotes and whitespace', () => {
    expect(normaliseTokenInput(`Bearer ${jwt}`)).toEqual({ token: jwt, removed: ['Bearer'] });
    expect(normaliseTokenInput(`Authorization: Bearer ${jwt}`).token).toBe(jwt);
    expect(normaliseTokenInput(`authorization:bearer   ${jwt}\n`).token).toBe(jwt);
    expect(normaliseTokenInput(`"${jwt}"`)).toEqual({ token: jwt, removed: ['quotes'] });
    expect(normaliseTokenInput(`'Bearer ${jwt}'`).token).toBe(jwt);
    expect(normaliseTokenInput(`"Authorization: Bearer ${jwt}"`).removed).toEqual([
      'quotes',
      'Authorization:',
      'Bearer',
    ]);
    expect(normaliseTokenInput(`Authorization: "Bearer ${jwt}"`).token).toBe(jwt);
    expect(normaliseTokenInput('   ').token).toBe('');
  });

  it('joins a token split over lines, with Bearer in front', () => {
    const lines = `Bearer ${jwt.slice(0, 30)}\r\n  ${jwt.slice(30, 70)}\n\t${jwt.slice(70)}\n`;
    expect(normaliseTokenInput(lines)).toEqual({ token: jwt, removed: ['Bearer', 'whitespace'] });
    const inspected = inspectToken(lines);
    expect(inspected.kind).toBe('jws');
    if (inspected.kind === 'jws') expect(inspected.claims.scp).toBe('User.Read');
  });

  it('leaves a bare token and a word that only starts like Bearer alone', () => {
    expect(normaliseTokenInput(jwt)).toEqual({ token: jwt, removed: [] });
    expect(normaliseTokenInput('Bearerish-token').token).toBe('Bearerish-token');
  });
});

describe('inspectToken', () => {
  it('says empty for nothing or only a scheme', () => {
    expect(inspectToken('')).toEqual({ kind: 'empty' });
    expect(inspectToken('  Bearer  ')).toEqual({ kind: 'empty' });
  });

  it('decodes a JWS, header and claims, and an unsigned one (empty signature)', () => {
    expect(inspectToken(`Authorization: Bearer ${jwt}`)).toMatchObject({
      kind: 'jws',
      token: jwt,
      header: { alg: 'RS256', typ: 'JWT' },
      claims: { aud: 'https://graph.microsoft.com', scp: 'User.Read' },
    });
    expect(inspectToken(`${segment({ alg: 'none' })}.${payload}.`).kind).toBe('jws');
  });

  it('recognises a real JWE made with jose, with its alg and enc, and reads no claims', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"secret"}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' })
      .encrypt(publicKey);
    expect(jwe.split('.')).toHaveLength(5);
    const inspected = inspectToken(`Bearer ${jwe}`);
    expect(inspected).toMatchObject({
      kind: 'jwe',
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' },
    });
    expect(inspected).not.toHaveProperty('claims');
    // Direct encryption: the encrypted key part is empty.
    const direct = await new CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .encrypt(new Uint8Array(16));
    expect(inspectToken(direct)).toMatchObject({ kind: 'jwe', alg: 'dir', enc: 'A128GCM' });
  });

  it('calls tokens without dots or without base64url JSON opaque', () => {
    for (const token of [
      '2YotnFZFEjr1zCsicMWpAA',
      'ya29.a0AfH6SMBx-opaque-google-style',
      'not a token at all!',
      'abc.def.ghi',
      '"gho_16C7e42F292c6912E7710c838347Ae178B4a"',
    ]) {
      expect(inspectToken(token), token).toMatchObject({ kind: 'opaque' });
    }
    expect(inspectToken('Bearer 2YotnFZFEjr1zCsicMWpAA')).toEqual({
      kind: 'opaque',
      token: '2YotnFZFEjr1zCsicMWpAA',
      removed: ['Bearer'],
      length: 22,
    });
  });

  it('says which part of a three-part JWT cannot be read', () => {
    expect(inspectToken(`${header}.%%%notbase64.sig`)).toMatchObject({
      kind: 'malformed',
      parts: 3,
      problems: [{ part: 'payload', position: 2, problem: 'not-base64url' }],
    });
    expect(
      inspectToken(`${header}.${Buffer.from('not json').toString('base64url')}.sig`),
    ).toMatchObject({
      kind: 'malformed',
      problems: [{ part: 'payload', position: 2, problem: 'not-utf8-json' }],
    });
    expect(inspectToken(`${segment([1, 2])}.${payload}.sig`)).toMatchObject({
      kind: 'malformed',
      problems: [{ part: 'header', position: 1, problem: 'not-an-object' }],
    });
    expect(inspectToken(`${header}..sig`)).toMatchObject({
      kind: 'malformed',
      problems: [{ part: 'payload', position: 2, problem: 'empty' }],
    });
    expect(inspectToken(`${header}.${payload}.si+g/`)).toMatchObject({
      kind: 'malformed',
      problems: [{ part: 'signature', position: 3, problem: 'not-base64url' }],
    });
    // A JWT cut short while copying: the payload lost characters.
    expect(inspectToken(`${header}.${payload.slice(0, -3)}.sig`)).toMatchObject({
      kind: 'malformed',
      problems: [{ part: 'payload', position: 2 }],
    });
  });

  it('says a JWT-looking token with the wrong number of parts is malformed', () => {
    expect(inspectToken(`${header}.${payload}`)).toMatchObject({
      kind: 'malformed',
      parts: 2,
      wrongPartCount: true,
    });
    expect(inspectToken(`${header}.${payload}.a.b`)).toMatchObject({ kind: 'malformed', parts: 4 });
    expect(inspectToken(`${header}.a.b.c.d`)).toMatchObject({
      kind: 'malformed',
      parts: 5,
      problems: [{ part: 'header', position: 1, problem: 'not-an-object' }],
    });
  });

  it('puts part problems in words', () => {
    expect(describePartProblem({ part: 'payload', position: 2, problem: 'not-base64url' })).toBe(
      'Part 2, the payload (the claims), is not valid base64url.',
    );
  });
});

describe('tokenValidity', () => {
  const now = Date.UTC(2030, 0, 1);
  it('judges exp and nbf, NumericDate seconds or ISO strings', () => {
    expect(tokenValidity({ exp: now / 1000 - 60 }, now)).toEqual({
      state: 'expired',
      at: now - 60_000,
    });
    expect(tokenValidity({ exp: now / 1000 }, now).state).toBe('expired');
    expect(tokenValidity({ nbf: now / 1000 + 600, exp: now / 1000 + 3600 }, now)).toEqual({
      state: 'not-yet-valid',
      at: now + 600_000,
    });
    expect(tokenValidity({ exp: new Date(now + 1000).toISOString() }, now).state).toBe('valid');
    expect(tokenValidity({ exp: new Date(now - 1000).toISOString() }, now).state).toBe('expired');
    expect(tokenValidity({ sub: 'x' }, now).state).toBe('unknown');
  });
});

describe('claim descriptions and well-known ids', () => {
  it('explains every common claim', () => {
    for (const name of [
      'iss',
      'sub',
      'aud',
      'exp',
      'nbf',
      'iat',
      'scp',
      'roles',
      'amr',
      'acr',
      'tid',
      'oid',
      'azp',
      'appid',
      'wids',
      'xms_cc',
      'ver',
      'upn',
      'preferred_username',
      'name',
      'email',
      'nonce',
      'sid',
      'uti',
      'idp',
    ]) {
      expect(describeClaim(name), name).toMatch(/\w{3}/);
    }
    expect(describeClaim('kid', 'header')).toMatch(/key/i);
    expect(describeClaim('made_up')).toBeUndefined();
  });

  it('names Microsoft resources and applications by id and identifier URI', () => {
    expect(wellKnownName('00000003-0000-0000-c000-000000000000')).toBe('Microsoft Graph');
    expect(wellKnownName('https://graph.microsoft.com/')).toBe('Microsoft Graph');
    expect(wellKnownName('https://graph.microsoft.com/.default')).toBe('Microsoft Graph');
    expect(wellKnownName('https://management.azure.com/')).toBe('Azure Resource Manager');
    expect(wellKnownName('797F4846-BA00-4FD7-BA43-DAC1F8F63013')).toBe('Azure Resource Manager');
    expect(wellKnownName('https://vault.azure.net')).toBe('Azure Key Vault');
    expect(wellKnownName('cfa8b339-82a2-471a-a3c9-0fc0be7a4093')).toBe('Azure Key Vault');
    expect(wellKnownName('https://storage.azure.com/')).toBe('Azure Storage');
    expect(wellKnownName('e406a681-f3d4-42a8-90b6-c2b029497af1')).toBe('Azure Storage');
    expect(wellKnownName('04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toBe('Azure CLI');
    expect(wellKnownName('1950a258-227b-4e31-a9cf-717495945fc2')).toBe('Azure PowerShell');
    expect(wellKnownName('api://orders')).toBeUndefined();
    expect(wellKnownNames('aud', ['https://vault.azure.net', 'api://x'])).toEqual([
      'Azure Key Vault',
    ]);
    expect(wellKnownNames('appid', '04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toEqual(['Azure CLI']);
    // Only claims that hold resources or apps are looked up.
    expect(wellKnownNames('sub', '04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toEqual([]);
  });
});
