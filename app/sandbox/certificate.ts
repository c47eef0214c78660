import { createHash, generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

import {
  bitString,
  boolean,
  explicit,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der';

const generateRsaKeyPair = promisify(generateKeyPair);

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

export interface SelfSignedCertificate {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate DER, base64 (standard alphabet), as a JWK `x5c` member holds it. */
  derBase64: string;
  /** Upper-case hex SHA-1 of the DER (what the Azure portal and ADAL call the thumbprint). */
  thumbprintSha1Hex: string;
  /** base64url SHA-1 of the DER: the `x5t` JWS header (RFC 7515 §4.1.7). */
  x5t: string;
  /** base64url SHA-256 of the DER: the `x5t#S256` JWS header (RFC 7515 §4.1.8). */
  x5tS256: string;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))));
}

function extensions(): Buffer {
  const notACa = sequence(
    objectIdentifier(BASIC_CONSTRAINTS),
    boolean(true),
    octetString(sequence()),
  );
  // keyUsage = digitalSignature only: bit 0 set, 7 unused bits.
  const digitalSignature = sequence(
    objectIdentifier(KEY_USAGE),
    boolean(true),
    octetString(bitString(Buffer.from([0x80]), 7)),
  );
  return explicit(3, sequence(notACa, digitalSignature));
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Generates an RSA 2048 key pair and a self-signed X.509 v3 certificate for it
 * (RFC 5280 §4.1: TBSCertificate signed with sha256WithRSAEncryption), valid from an hour ago
 * for `validDays`, with the thumbprints JWS headers carry (RFC 7515 §4.1.7, §4.1.8).
 */
export async function createSelfSignedCertificate(
  commonName: string,
  validDays = 365,
): Promise<SelfSignedCertificate> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const algorithm = sequence(objectIdentifier(SHA256_WITH_RSA), nullValue());
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;

  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name(commonName),
    sequence(time(new Date(now - 3_600_000)), time(new Date(now + validDays * 86_400_000))),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions(),
  );
  const der = sequence(tbs, algorithm, bitString(sign('sha256', tbs, privateKey)));

  const parsed = new X509Certificate(der);
  if (!parsed.verify(publicKey)) throw new Error('self-signed certificate does not verify');

  return {
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: toPem('CERTIFICATE', der),
    derBase64: der.toString('base64'),
    thumbprintSha1Hex: createHash('sha1').update(der).digest('hex').toUpperCase(),
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}
