import type { SecretKey, SecretKind } from '../accounts/types';
import { isKeyOf, isRecord } from './shape-guards';

const SECRET_KINDS: Record<SecretKind, true> = {
  'client-secret': true,
  'certificate-key': true,
  'refresh-token': true,
  'access-token': true,
  'id-token': true,
};

/** Stands for "no target" (an account-wide secret) in an entry name of the old `secrets.json`. */
const NO_TARGET = '-';
/** Stands for "no target" (an account-wide secret) in a slot of an account file. */
const ACCOUNT_WIDE = '*';

/** True for the kinds of secret the vault keeps. */
export function isSecretKind(value: unknown): value is SecretKind {
  return isKeyOf(SECRET_KINDS, value);
}

/**
 * A secret's slot in its account's file: the target id (or `*` for an account-wide secret), a
 * slash and the kind: `graph/access-token`, or `*` + `/refresh-token`. Target ids are URI-encoded,
 * and so is a `*` in them (`%2A`): a `/` in an id cannot split the slot and a target called `*`
 * is not the account-wide one. Takes a checked key (`checkedSecretKey`).
 */
export function secretSlot(key: SecretKey): string {
  const target = key.targetId === undefined ? ACCOUNT_WIDE : encodeTargetId(key.targetId);
  return `${target}/${key.kind}`;
}

/**
 * The key a slot of `accountId`'s file stands for, or `undefined` when the slot is not one
 * `secretSlot` makes (unknown kind, another form of the same id, `__proto__`…).
 */
export function parseSecretSlot(slot: string, accountId: string): SecretKey | undefined {
  const parts = slot.split('/');
  if (parts.length !== 2) return undefined;
  const [target, kind] = parts as [string, string];
  if (!isSecretKind(kind)) return undefined;
  if (target === ACCOUNT_WIDE) return { accountId, kind };
  let targetId: string;
  try {
    targetId = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  if (targetId === '' || encodeTargetId(targetId) !== target) return undefined;
  return { accountId, targetId, kind };
}

function encodeTargetId(targetId: string): string {
  return encodeURIComponent(targetId).replaceAll('*', '%2A');
}

/** The key an old `secrets.json` entry name stands for, or `undefined` when it is malformed. */
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
