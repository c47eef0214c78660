import type { AccountView } from './accounts';

/** How the accounts list is ordered; pinned accounts always come first. */
export const ACCOUNT_SORTS = ['added', 'name', 'expiry'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export function isAccountSort(value: unknown): value is AccountSort {
  return typeof value === 'string' && (ACCOUNT_SORTS as readonly string[]).includes(value);
}

/**
 * Lower-cases and turns every run of punctuation and spaces into one space, so "daemon secret"
 * and "daemon (secret)" read the same, and "api://x" matches "api x".
 */
export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const searchTexts = new WeakMap<AccountView, string>();

/** Everything a search looks in: name, user, tenant, authority, client id, scopes, resources. */
export function accountSearchText(account: AccountView): string {
  let text = searchTexts.get(account);
  if (text === undefined) {
    text = buildSearchText(account);
    searchTexts.set(account, text);
  }
  return text;
}

function buildSearchText(account: AccountView): string {
  const parts: string[] = [account.name, account.authorityLabel, account.clientId];
  const identity = account.identity;
  if (identity) {
    for (const value of [
      identity.userId,
      identity.name,
      identity.tenantId,
      identity.oid,
      identity.subject,
    ])
      if (value) parts.push(value);
  }
  if (account.username) parts.push(account.username);
  if (account.authority.kind === 'entra') parts.push(account.authority.tenant);
  if (account.authority.kind === 'oidc') parts.push(account.authority.issuer);
  for (const target of account.targets) {
    parts.push(target.label);
    if (target.target.kind === 'resource') {
      parts.push(target.target.resource);
      parts.push(...(target.target.scopes ?? []));
    } else parts.push(...target.target.scopes);
    if (target.scope) parts.push(target.scope);
  }
  return ` ${normaliseSearchText(parts.join(' '))} `;
}

/**
 * True when every word of the query starts a word somewhere in the account ("sec" finds "secret",
 * "12" finds "Load 1203" but not "Load 0012"); punctuation and case are ignored, so "daemon secret"
 * finds "daemon (secret)" and "data.read" finds the scope `data.read`. An empty query matches
 * everything.
 */
export function matchesAccount(query: string, account: AccountView, text?: string): boolean {
  const words = normaliseSearchText(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = text ?? accountSearchText(account);
  return words.every((word) => haystack.includes(` ${word}`));
}

/** The earliest time one of the account's tokens runs out, or undefined when it holds none. */
export function soonestExpiry(account: AccountView): number | undefined {
  let soonest: number | undefined;
  for (const target of account.targets)
    if (target.expiresOn !== undefined && (soonest === undefined || target.expiresOn < soonest))
      soonest = target.expiresOn;
  return soonest;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Orders accounts: pinned first (in the same order as the rest), then by the sort — `added` keeps
 * the given order, `name` is alphabetical, `expiry` puts the soonest-expiring token first and
 * accounts without a token last. Stable: ties keep the given order.
 */
export function sortAccounts(
  accounts: readonly AccountView[],
  sort: AccountSort,
  pinned: ReadonlySet<string> = new Set(),
): AccountView[] {
  const indexed = accounts.map((account, index) => ({
    account,
    index,
    pinned: pinned.has(account.id),
    expiry: sort === 'expiry' ? soonestExpiry(account) : undefined,
  }));
  indexed.sort((a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    if (sort === 'name') {
      const byName = collator.compare(a.account.name, b.account.name);
      if (byName !== 0) return byName;
    } else if (sort === 'expiry' && a.expiry !== b.expiry) {
      if (a.expiry === undefined) return 1;
      if (b.expiry === undefined) return -1;
      return a.expiry - b.expiry;
    }
    return a.index - b.index;
  });
  return indexed.map((entry) => entry.account);
}

/** Filters by the query, then orders (see `matchesAccount` and `sortAccounts`). */
export function findAccounts(
  accounts: readonly AccountView[],
  query: string,
  sort: AccountSort,
  pinned: ReadonlySet<string> = new Set(),
): AccountView[] {
  const words = normaliseSearchText(query);
  const found = words ? accounts.filter((account) => matchesAccount(words, account)) : accounts;
  return sortAccounts(found, sort, pinned);
}

/** Reads a stored list of pinned account ids; anything unexpected reads as none. */
export function parsePinned(stored: string | null | undefined): string[] {
  if (!stored) return [];
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
