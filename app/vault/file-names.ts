/** The names of the files the vault keeps in its folder. */

/** Accounts and settings (conf / electron-store: `configName` + `.json`). */
export const METADATA_CONFIG_NAME = 'tokendock';
export const METADATA_FILE = `${METADATA_CONFIG_NAME}.json`;
/** Encrypted secrets. */
export const SECRETS_FILE = 'secrets.json';

const MANAGED = [METADATA_FILE, SECRETS_FILE];

/** `tokendock.json.corrupt-20261124T230102Z` (with `-2`, `-3`… when the name is taken). */
export function isQuarantinedName(name: string): boolean {
  return MANAGED.some((base) => name.startsWith(`${base}.corrupt-`));
}

/** Temporary files of an atomic write (ours, or conf's `atomically`: `<name>.tmp-…`). */
export function isTemporaryName(name: string): boolean {
  return MANAGED.some((base) => name.startsWith(`${base}.tmp-`));
}

/** Every name the vault manages in its folder: live files and quarantined copies. */
export function isManagedName(name: string): boolean {
  return MANAGED.includes(name) || isQuarantinedName(name);
}
