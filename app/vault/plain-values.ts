/**
 * How a secret kept without protection is written (only after the person opted in to keeping
 * unprotected secrets on disk): marked as plain, never pretend-encrypted. Electron's `basic_text`
 * and the keyring-less cipher of the headless host write and read the same mark.
 */
const PLAIN_PREFIX = Buffer.from('tokendock-plain:');

/** The bytes of a plain value. */
export function markPlain(plaintext: string): Uint8Array {
  return Buffer.concat([PLAIN_PREFIX, Buffer.from(plaintext, 'utf8')]);
}

/** The text of a plain value, or undefined when `data` was sealed by a cipher. */
export function readPlain(data: Uint8Array): string | undefined {
  const bytes = Buffer.from(data);
  return bytes.subarray(0, PLAIN_PREFIX.length).equals(PLAIN_PREFIX)
    ? bytes.subarray(PLAIN_PREFIX.length).toString('utf8')
    : undefined;
}
