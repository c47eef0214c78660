import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseThumbprint, prepareCertificate } from '../../app/flows/certificate';
import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from '../../app/sandbox/certificate';

let cert: SelfSignedCertificate;
beforeAll(async () => {
  cert = await createSelfSignedCertificate('tokendock-unit-test');
});

describe('prepareCertificate', () => {
  it('puts the SHA-1 thumbprint in x5t for RS256', async () => {
    const prepared = await prepareCertificate({
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
    });
    expect(prepared.algorithm).toBe('RS256');
    expect(prepared.header).toEqual({ x5t: cert.x5t });
    expect(new X509Certificate(cert.certificatePem).fingerprint.replace(/:/g, '')).toBe(
      cert.thumbprintSha1Hex,
    );
  });

  it("takes ADAL's hex thumbprint with colons, spaces or lower case", async () => {
    const spaced = cert.thumbprintSha1Hex.toLowerCase().match(/../g)!.join(':');
    const prepared = await prepareCertificate({
      privateKeyPem: cert.privateKeyPem,
      thumbprintSha1Hex: spaced,
    });
    expect(prepared.header).toEqual({ x5t: cert.x5t });
  });

  it('puts the SHA-256 thumbprint in x5t#S256 for PS256, with an RSA-PSS key', async () => {
    const prepared = await prepareCertificate({
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
      algorithm: 'PS256',
    });
    expect(prepared.header).toEqual({ 'x5t#S256': cert.x5tS256 });
    expect(prepared.key.algorithm.name).toBe('RSA-PSS');
  });

  it('accepts a PKCS#1 ("RSA PRIVATE KEY") PEM', async () => {
    const pkcs1 = cert.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await expect(
      prepareCertificate({ privateKeyPem: pkcs1, certificatePem: cert.certificatePem }),
    ).resolves.toBeTruthy();
  });

  it.each([
    ['a non-PEM key', { privateKeyPem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' }, /must be a PEM block/],
    [
      'a truncated PEM',
      () => ({ privateKeyPem: cert.privateKeyPem.slice(0, 200) + '\n-----END PRIVATE KEY-----' }),
      /damaged or incomplete/,
    ],
    [
      'an encrypted key',
      {
        privateKeyPem:
          '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----',
      },
      /encrypted/,
    ],
    [
      'an EC key',
      () => ({
        privateKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        thumbprintSha1Hex: 'AB'.repeat(20),
      }),
      /ec; client certificates need an RSA key/,
    ],
    [
      'no certificate and no thumbprint',
      () => ({ privateKeyPem: cert.privateKeyPem }),
      /certificate PEM or its SHA-1 thumbprint/,
    ],
    [
      'PS256 with only a thumbprint',
      () => ({
        privateKeyPem: cert.privateKeyPem,
        thumbprintSha1Hex: cert.thumbprintSha1Hex,
        algorithm: 'PS256' as const,
      }),
      /PS256 needs the certificate PEM/,
    ],
    [
      'a broken certificate',
      () => ({
        privateKeyPem: cert.privateKeyPem,
        certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      }),
      /certificate PEM could not be read/,
    ],
    [
      'a thumbprint of another certificate',
      () => ({
        privateKeyPem: cert.privateKeyPem,
        certificatePem: cert.certificatePem,
        thumbprintSha1Hex: '00'.repeat(20),
      }),
      /not the SHA-1 thumbprint of this certificate/,
    ],
  ])('refuses %s with a message naming the field', async (_name, input, message) => {
    const credential = typeof input === 'function' ? input() : input;
    await expect(prepareCertificate(credential)).rejects.toMatchObject({
      code: 'invalid_configuration',
      message: expect.stringMatching(message),
    });
  });
});

describe('parseThumbprint', () => {
  it('wants 40 hex digits', () => {
    expect(parseThumbprint('AB'.repeat(20))).toHaveLength(20);
    expect(() => parseThumbprint('AB'.repeat(19))).toThrow(/40 hexadecimal digits/);
    expect(() => parseThumbprint('ZZ'.repeat(20))).toThrow(/40 hexadecimal digits/);
  });
});
