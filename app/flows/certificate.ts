import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { importPKCS8, type CryptoKey } from 'jose';
import type { AssertionAlgorithm, AssertionAudience } from '../contract/accounts';
import { tokenDockError } from '../errors/tokendock-error';

export type { AssertionAlgorithm } from '../contract/accounts';

/** A client certificate as ADAL took it: a PEM private key plus the certificate or its thumbprint. */
export interface CertificateCredential {
  privateKeyPem: string;
  /** The certificate PEM; gives both thumbprints and lets us check it matches the key. */
  certificatePem?: string;
  /** ADAL's hex SHA-1 thumbprint, when the certificate itself is not at hand. */
  thumbprintSha1Hex?: string;
  /** RS256 (header `x5t`, the default) or PS256 (header `x5t#S256`). */
  algorithm?: AssertionAlgorithm;
  /** The assertion's `aud`: the token endpoint (default) or the issuer. */
  audience?: AssertionAudience;
  /**
   * Send the certificate chain in the header as `x5c` (RFC 7515 §4.1.6), as Entra's subject
   * name + issuer authentication needs: every certificate of `certificatePem`, leaf first.
   */
  sendChain?: boolean;
}

/** What goes into the assertion: the key and the JWS header thumbprint (RFC 7515 §4.1.7, §4.1.8). */
export interface PreparedCertificate {
  key: CryptoKey;
  algorithm: AssertionAlgorithm;
  header: ({ x5t: string } | { 'x5t#S256': string }) & { x5c?: string[] };
}

/**
 * Checks a certificate credential and prepares it for `private_key_jwt` (RFC 7523 §2.2):
 * RS256 with `x5t`, or PS256 with `x5t#S256`. Throws `invalid_configuration` with a message
 * that names the field at fault.
 */
export async function prepareCertificate(
  credential: CertificateCredential,
): Promise<PreparedCertificate> {
  const algorithm = credential.algorithm ?? 'RS256';
  const privateKey = parsePrivateKey(credential.privateKeyPem);
  let sha1: Buffer | undefined;
  let sha256: Buffer | undefined;
  let chain: string[] | undefined;
  if (credential.sendChain && !credential.certificatePem?.trim()) {
    throw tokenDockError(
      'invalid_configuration',
      'Sending the certificate chain (x5c) needs the certificate PEM, not only its thumbprint.',
    );
  }
  if (credential.certificatePem?.trim()) {
    const certificate = parseCertificate(credential.certificatePem);
    if (!certificate.checkPrivateKey(privateKey)) {
      throw tokenDockError(
        'invalid_configuration',
        'The certificate does not belong to this private key.',
      );
    }
    sha1 = createHash('sha1').update(certificate.raw).digest();
    sha256 = createHash('sha256').update(certificate.raw).digest();
    if (credential.sendChain) chain = certificateChain(credential.certificatePem);
  }
  if (credential.thumbprintSha1Hex?.trim()) {
    const fromHex = parseThumbprint(credential.thumbprintSha1Hex);
    if (sha1 && !sha1.equals(fromHex)) {
      throw tokenDockError(
        'invalid_configuration',
        'The thumbprint is not the SHA-1 thumbprint of this certificate.',
      );
    }
    sha1 = fromHex;
  }
  let header: PreparedCertificate['header'];
  if (algorithm === 'PS256') {
    if (!sha256) {
      throw tokenDockError(
        'invalid_configuration',
        'PS256 needs the certificate PEM: its header carries the SHA-256 thumbprint (x5t#S256).',
      );
    }
    header = { 'x5t#S256': sha256.toString('base64url') };
  } else {
    if (!sha1) {
      throw tokenDockError(
        'invalid_configuration',
        'Give the certificate PEM or its SHA-1 thumbprint.',
      );
    }
    header = { x5t: sha1.toString('base64url') };
  }
  if (chain) header = { ...header, x5c: chain };
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = await importPKCS8(pkcs8, algorithm);
  return { key, algorithm, header };
}

function parsePrivateKey(pem: string) {
  if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
    throw tokenDockError(
      'invalid_configuration',
      'The private key must be a PEM block (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).',
    );
  }
  if (pem.includes('ENCRYPTED PRIVATE KEY')) {
    throw tokenDockError(
      'invalid_configuration',
      'The private key is encrypted. Export it without a passphrase.',
    );
  }
  let key;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw tokenDockError(
      'invalid_configuration',
      'The private key PEM could not be read: it is damaged or incomplete.',
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw tokenDockError(
      'invalid_configuration',
      `The private key is ${key.asymmetricKeyType ?? 'unknown'}; client certificates need an RSA key.`,
    );
  }
  return key;
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw tokenDockError(
      'invalid_configuration',
      'The certificate PEM could not be read (expected -----BEGIN CERTIFICATE-----).',
    );
  }
}

/**
 * The `x5c` value of a PEM holding one or more certificates: each certificate's DER in standard
 * base64 (not base64url), in the order given, the certificate of the signing key first
 * (RFC 7515 §4.1.6).
 */
export function certificateChain(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) parseCertificate(pem);
  return blocks.map((block) => parseCertificate(block).raw.toString('base64'));
}

/** ADAL's thumbprint: 40 hex digits, optionally separated by colons or spaces. */
export function parseThumbprint(hex: string): Buffer {
  const digits = hex.replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{40}$/i.test(digits)) {
    throw tokenDockError(
      'invalid_configuration',
      "The thumbprint must be the certificate's SHA-1 thumbprint: 40 hexadecimal digits.",
    );
  }
  return Buffer.from(digits, 'hex');
}
