import type { SecretKey, SecretKind } from '../accounts/types';
import { isKeyOf, isRecord } from './shape-guards';

const SECRET_KINDS: Record<SecretKind, true> = {
  'client-secret': true,
  'certificate-key': true,
  'refresh-token': true,
  'access-token': true,
  'id-token': true,
};

/** Stands for "no target" (an account-wide secret) in an entry name. */
const NO_TARGET = '-';

/** True for the kinds of secret the vault keeps. */
export function isSecretKind(value: unknown): value is SecretKind {
  return isKeyOf(SECRET_KINDS, value);
}

/**
 * A secret's entry name in `secrets.json`: `<accountId>/<targetId or ->/<kind>`. Ids are
 * URI-encoded (a `/` in an id cannot split the name; a target id of `-` becomes `%2D`), so ids
 * made of letters, digits, `-`, `_` and `.` appear as they are.
 */
export function secretEntryName(key: SecretKey): string {
  const checked = checkedSecretKey(key);
  const target =
    checked.targetId === undefined
      ? NO_TARGET
      : checked.targetId === NO_TARGET
        ? '%2D'
        : encodeURIComponent(checked.targetId);
  return `${encodeURIComponent(checked.accountId)}/${target}/${checked.kind}`;
}

/** The key an entry name stands for, or `undefined` when the name is not one `secretEntryName` makes. */
export function parseSecretEntryName(name: string): SecretKey | undefined {
  const parts = name.split('/');
  if (parts.length !== 3) return undefined;
  const [account, target, kind] = parts as [string, string, string];
  if (!isSecretKind(kind) || account === '' || target === '') return undefined;
  try {
    const accountId = decodeURIComponent(account);
    if (target === NO_TARGET) return { accountId, kind };
    return { accountId, targetId: decodeURIComponent(target), kind };
  } catch {
    return undefined;
  }
}

/** A copy of `key` with exactly its three fields; throws a TypeError when it is malformed. */
export function checkedSecretKey(key: SecretKey): SecretKey {
  const value: unknown = key;
  if (!isRecord(value) || typeof value.accountId !== 'string' || value.accountId === '') {
    throw new TypeError('A secret key needs a non-empty accountId.');
  }
  if (
    value.targetId !== undefined &&
    (typeof value.targetId !== 'string' || value.targetId === '')
  ) {
    throw new TypeError('The targetId of a secret key, when given, is a non-empty string.');
  }
  if (!isSecretKind(value.kind)) throw new TypeError('A secret key needs a known kind.');
  return value.targetId === undefined
    ? { accountId: value.accountId, kind: value.kind }
    : { accountId: value.accountId, targetId: value.targetId, kind: value.kind };
}
