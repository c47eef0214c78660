/**
 * The names of the files the vault keeps:
 *
 * ```
 * <dir>/settings.json              { schemaVersion, settings }
 * <dir>/accounts/<accountId>.json  { schemaVersion, account, secrets: { "<target or *>/<kind>": "<base64>" } }
 * <dir>/tokendock.lock             { pid, startedAt } of the process using the folder
 * ```
 *
 * plus set-aside copies (`<name>.corrupt-<UTC stamp>`), temporary files of atomic writes
 * (`<name>.tmp-<16 hex>`), and what is left of the old two-file layout (`tokendock.json`,
 * `secrets.json`) until it is imported.
 */

export const SETTINGS_FILE = 'settings.json';
export const ACCOUNTS_FOLDER = 'accounts';
/** Where an import of the old layout writes, renamed to ACCOUNTS_FOLDER once complete. */
export const MIGRATING_FOLDER = 'accounts.migrating';
export const LOCK_FILE = 'tokendock.lock';

/** The old layout: every account and the settings (conf / electron-store). */
export const LEGACY_METADATA_FILE = 'tokendock.json';
/** The old layout: every secret. */
export const LEGACY_SECRETS_FILE = 'secrets.json';
/** What `tokendock.json` becomes once imported. */
export const LEGACY_METADATA_MIGRATED = `${LEGACY_METADATA_FILE}.migrated`;

const ACCOUNT_SUFFIX = '.json';
const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;
const TEMPORARY = /\.tmp-[0-9a-f]{16}$/;
const SET_ASIDE = /\.corrupt-\d{8}T\d{6}Z(?:-\d+)?$/;

/** Files of the vault's own folder that it manages (live ones). */
const ROOT_FILES = [
  SETTINGS_FILE,
  LOCK_FILE,
  LEGACY_METADATA_FILE,
  LEGACY_SECRETS_FILE,
  LEGACY_METADATA_MIGRATED,
];

/**
 * Whether an account id can name its file: letters, digits, `.`, `_`, `-`, 1 to 128 of them, and
 * not `.` or `..`. Nothing else reaches a path (no separators, no drive letters, no NUL).
 */
export function isSafeAccountId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_ID.test(id) && id !== '.' && id !== '..';
}

/** `a1` → `a1.json`. */
export function accountFileName(accountId: string): string {
  return `${accountId}${ACCOUNT_SUFFIX}`;
}

/** `a1.json` → `a1`; `undefined` for a name that is not `<something>.json`. */
export function accountIdOfFileName(name: string): string | undefined {
  return name.endsWith(ACCOUNT_SUFFIX) && name.length > ACCOUNT_SUFFIX.length
    ? name.slice(0, -ACCOUNT_SUFFIX.length)
    : undefined;
}

/**
 * A temporary file of an atomic write (`<name>.tmp-<16 hex>`), left behind by a crash; also those
 * of the old layout's writers (conf's `tokendock.json.tmp-…`).
 */
export function isTemporaryName(name: string): boolean {
  return (
    TEMPORARY.test(name) ||
    name.startsWith(`${LEGACY_METADATA_FILE}.tmp-`) ||
    name.startsWith(`${LEGACY_SECRETS_FILE}.tmp-`)
  );
}

/** A set-aside copy: `<name>.corrupt-20261124T230102Z` (with `-2`, `-3`… when taken). */
export function isSetAsideName(name: string): boolean {
  return SET_ASIDE.test(name);
}

/** A file the vault manages in its own folder: live files and set-aside copies. */
export function isManagedRootName(name: string): boolean {
  return (
    ROOT_FILES.includes(name) ||
    (isSetAsideName(name) && ROOT_FILES.some((base) => name.startsWith(`${base}.corrupt-`)))
  );
}

/** A file the vault manages in `accounts/`: account files and set-aside copies. */
export function isManagedAccountsName(name: string): boolean {
  return accountIdOfFileName(name) !== undefined || isSetAsideName(name);
}
