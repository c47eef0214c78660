import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CipherLockedError, type Cipher } from '../app/ports';
import { readAccountFile } from '../app/vault/account-file';
import { ACCOUNTS_FOLDER, accountIdOfFileName } from '../app/vault/file-names';

/** The file in the data folder that says what sealed its secrets. */
export const PROTECTION_FILE = 'protection.json';

/**
 * The cipher to open a data folder's vault with, given the one this start could have.
 *
 * A folder whose secrets were sealed under a keyring key must never be opened with the
 * `basic_text` cipher: the vault would take it as "secrets may not stay on disk" and drop the
 * sealed ones, and the key to them is still in the keyring, which merely did not answer this
 * time (no session bus, a locked session). So the folder records, at each protected start,
 * which protection sealed it; a start without that protection gets a cipher that is protected
 * and locked: every secret stays sealed on disk, untouched, and accounts show "storage locked"
 * until TokenDock runs where the keyring answers.
 */
export async function cipherForFolder(dataDirectory: string, available: Cipher): Promise<Cipher> {
  const file = join(dataDirectory, PROTECTION_FILE);
  const recorded = await readRecorded(file);
  if (available.isProtected) {
    if (recorded !== available.backend)
      await writeFile(file, `${JSON.stringify({ sealedWith: available.backend })}\n`, {
        mode: 0o600,
      });
    return available;
  }
  if (recorded) return lockedCipher(recorded);
  // No record (a folder sealed before records were kept, the desktop app's own folder): secrets
  // this cipher cannot open were sealed by something else, and stay sealed.
  return (await sealedElsewhere(dataDirectory, available))
    ? lockedCipher('a key store that did not answer')
    : available;
}

/**
 * Whether an account file of the folder holds a secret `cipher` cannot open now (read as the
 * vault reads them: `readAccountFile`; unusable files are the vault's to set aside).
 */
async function sealedElsewhere(dataDirectory: string, cipher: Cipher): Promise<boolean> {
  const folder = join(dataDirectory, 'vault', ACCOUNTS_FOLDER);
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const id = accountIdOfFileName(name);
    const raw =
      id === undefined ? undefined : await readFile(join(folder, name)).catch(() => undefined);
    if (id === undefined || raw === undefined) continue;
    const reading = readAccountFile(raw, id);
    if (!reading.usable) continue;
    for (const { sealed } of reading.secrets.values()) {
      try {
        cipher.decrypt(Buffer.from(sealed, 'base64'));
      } catch (error) {
        if (error instanceof CipherLockedError) return true;
      }
    }
  }
  return false;
}

/** What sealed the folder's secrets, when it says. */
async function readRecorded(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = (JSON.parse(text) as { sealedWith?: unknown }).sealedWith;
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

function lockedCipher(backend: string): Cipher {
  const locked = () =>
    new CipherLockedError(
      `These secrets are sealed with a key kept in the system keyring (${backend}), which did not answer at this start.`,
    );
  return {
    isProtected: true,
    backend,
    encrypt: () => {
      throw locked();
    },
    decrypt: () => {
      throw locked();
    },
  };
}
