import { createHash, generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

import {
  bitString,
  boolean,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der';

const generateKeyPairAsync = promisify(generateKeyPair);

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const KEY_USAGE = '2.5.29.15';
const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** The TLS material of an https sandbox: a CA made at start and the server certificate it issued. */
export interface SandboxTls {
  /** The CA certificate (PEM): what a client must trust (`NODE_EXTRA_CA_CERTS`, `ca`). */
  caPem: string;
  /** The server certificate (PEM), for 127.0.0.1, ::1 and localhost. */
  certificatePem: string;
  /** The server's private key (PKCS #8 PEM). */
  privateKeyPem: string;
}

interface Party {
  name: Buffer;
  privateKey: KeyObject;
  keyId: Buffer;
}

function distinguishedName(commonName: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier(ORGANIZATION), utf8String('TokenDock sandbox'))),
    set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  return unsignedInteger(serial);
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Signs a TBSCertificate (RFC 5280 §4.1) with ecdsa-with-SHA256 (RFC 5758 §3.2). */
function signCertificate(
  issuer: Party,
  subject: Buffer,
  publicKey: KeyObject,
  validDays: number,
  extensions: Buffer[],
): Buffer {
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const now = Date.now();
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    serialNumber(),
    algorithm,
    issuer.name,
    sequence(time(new Date(now - 3_600_000)), time(new Date(now + validDays * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  // crypto.sign gives ECDSA signatures DER-encoded (Ecdsa-Sig-Value), as X.509 wants them.
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, issuer.privateKey)));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

/**
 * Makes a certificate authority (P-256, valid `validDays`) and a server certificate it issues for
 * 127.0.0.1, ::1 and localhost (subjectAltName, serverAuth), both from an hour ago. Nothing is
 * kept: the CA's private key is dropped once the server certificate is signed, so the CA can
 * vouch for this one server only.
 */
export async function createSandboxTls(validDays = 30): Promise<SandboxTls> {
  const [caKeys, serverKeys] = await Promise.all([
    generateKeyPairAsync('ec', { namedCurve: 'P-256' }),
    generateKeyPairAsync('ec', { namedCurve: 'P-256' }),
  ]);
  const ca: Party = {
    name: distinguishedName(`TokenDock sandbox CA ${randomBytes(4).toString('hex')}`),
    privateKey: caKeys.privateKey,
    keyId: keyIdentifier(caKeys.publicKey),
  };
  const caDer = signCertificate(ca, ca.name, caKeys.publicKey, validDays, [
    // CA:TRUE, no intermediate below it (pathLenConstraint 0).
    extension(BASIC_CONSTRAINTS, true, sequence(boolean(true), unsignedInteger(Buffer.of(0)))),
    // keyCertSign and cRLSign: bits 5 and 6, one unused bit.
    extension(KEY_USAGE, true, bitString(Buffer.of(0x06), 1)),
    extension(SUBJECT_KEY_IDENTIFIER, false, octetString(ca.keyId)),
  ]);

  const serverDer = signCertificate(
    ca,
    distinguishedName('127.0.0.1'),
    serverKeys.publicKey,
    validDays,
    [
      extension(BASIC_CONSTRAINTS, true, sequence()),
      // digitalSignature only: bit 0, seven unused bits.
      extension(KEY_USAGE, true, bitString(Buffer.of(0x80), 7)),
      extension(EXTENDED_KEY_USAGE, false, sequence(objectIdentifier(SERVER_AUTH))),
      extension(
        SUBJECT_ALT_NAME,
        false,
        sequence(
          tlv(0x82, Buffer.from('localhost', 'ascii')), // dNSName [2]
          tlv(0x87, Buffer.of(127, 0, 0, 1)), // iPAddress [7]
          tlv(0x87, Buffer.from('00000000000000000000000000000001', 'hex')),
        ),
      ),
      extension(SUBJECT_KEY_IDENTIFIER, false, octetString(keyIdentifier(serverKeys.publicKey))),
      extension(AUTHORITY_KEY_IDENTIFIER, false, sequence(tlv(0x80, ca.keyId))),
    ],
  );

  const caCertificate = new X509Certificate(caDer);
  const serverCertificate = new X509Certificate(serverDer);
  if (
    !caCertificate.ca ||
    !caCertificate.verify(caKeys.publicKey) ||
    !serverCertificate.checkIssued(caCertificate) ||
    !serverCertificate.verify(caKeys.publicKey) ||
    serverCertificate.checkIP('127.0.0.1') === undefined
  ) {
    throw new Error('the sandbox TLS certificates do not verify');
  }
  return {
    caPem: toPem('CERTIFICATE', caDer),
    certificatePem: toPem('CERTIFICATE', serverDer),
    privateKeyPem: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
