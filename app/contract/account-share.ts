import type { AccountInput, AccountView, ClientAuthConfig, FlowKind } from './accounts';
import type { StoredAuthority } from './authority';
import type { Target } from './tokens';

/** An account's configuration to share with a colleague: never a secret, token or id. */
export interface SharedAccount {
  name: string;
  authority: StoredAuthority;
  flow: FlowKind;
  clientId: string;
  clientAuth: ClientAuthConfig;
  signInMode?: 'embedded' | 'system-browser';
  redirectUri?: string;
  username?: string;
  targets: Array<{ label: string; target: Target; curlUrl?: string }>;
  /** On-behalf-of: the account and target the incoming token comes from, by name (ids are local). */
  assertionFrom?: { accountName: string; targetLabel: string };
}

/** The exported file. */
export interface AccountShareFile {
  format: typeof SHARE_FORMAT;
  version: 1;
  accounts: SharedAccount[];
}

export const SHARE_FORMAT = 'tokendock-accounts';
/** The app's link scheme: `tokendock://add?account=<JSON>` opens a prefilled Add account form. */
export const LINK_PREFIX = 'tokendock://add';
/** Links are pasted and passed on command lines: keep them short enough for both. */
const MAX_LINK_LENGTH = 8_192;
/** The most accounts a file may hold (a set-up to share, not a backup). */
const MAX_SHARED_ACCOUNTS = 500;

/** The configuration of `view` to share (client secrets and keys stay behind). */
export function sharedAccount(view: AccountView, all: readonly AccountView[]): SharedAccount {
  const source = view.assertionFrom
    ? all.find((a) => a.id === view.assertionFrom!.accountId)
    : undefined;
  const sourceTarget = source?.targets.find((t) => t.id === view.assertionFrom!.targetId);
  return {
    name: view.name,
    authority: view.authority,
    flow: view.flow,
    clientId: view.clientId,
    clientAuth: view.clientAuth,
    signInMode: view.signInMode,
    ...(view.redirectUri ? { redirectUri: view.redirectUri } : {}),
    ...(view.username ? { username: view.username } : {}),
    targets: view.targets.map((t) => ({
      label: t.label,
      target: t.target,
      ...(t.curlUrl ? { curlUrl: t.curlUrl } : {}),
    })),
    ...(source && sourceTarget
      ? { assertionFrom: { accountName: source.name, targetLabel: sourceTarget.label } }
      : {}),
  };
}

/** The file that shares `views`. */
export function shareFile(views: readonly AccountView[]): AccountShareFile {
  return { format: SHARE_FORMAT, version: 1, accounts: views.map((v) => sharedAccount(v, views)) };
}

/** What an imported account still needs from the person: the secret the file leaves out. */
export function missingSecret(account: SharedAccount): 'client secret' | 'private key' | undefined {
  if (account.clientAuth.kind === 'secret') return 'client secret';
  if (account.clientAuth.kind === 'certificate') return 'private key';
  return undefined;
}

/**
 * The `AccountInput` to add for a shared account, with the secret the person typed and, for
 * on-behalf-of, the ids its source got here.
 */
export function toAccountInput(
  account: SharedAccount,
  secret: string | undefined,
  source: { accountId: string; targetId: string } | undefined,
): AccountInput {
  return {
    ...withoutSource(account),
    ...(secret && account.clientAuth.kind === 'secret' ? { clientSecret: secret } : {}),
    ...(secret && account.clientAuth.kind === 'certificate' ? { certificateKeyPem: secret } : {}),
    ...(source ? { assertionFrom: source } : {}),
  };
}

/**
 * What a link may carry: any web page can open a `tokendock://` link, so a link names no
 * on-behalf-of source (the person chooses which of their tokens is exchanged) and no curl URL
 * (a copied command would send a token there).
 */
function linkSafe(account: SharedAccount): SharedAccount {
  return {
    ...withoutSource(account),
    targets: account.targets.map(({ label, target }) => ({ label, target })),
  };
}

/**
 * The order to add a file's accounts in (indices into `accounts`): each on-behalf-of account after
 * the account of the same file it names as its source, chains too. One whose source is not in the
 * file, or that is part of a loop, comes last: adding it then says what is missing.
 */
export function importOrder(accounts: readonly SharedAccount[]): number[] {
  const byName = new Map<string, number>();
  accounts.forEach((account, index) => {
    if (!byName.has(account.name)) byName.set(account.name, index);
  });
  const depth = new Map<number, number>();
  const depthOf = (index: number, visiting: Set<number>): number => {
    const known = depth.get(index);
    if (known !== undefined) return known;
    const from = accounts[index]!.assertionFrom;
    const source = from ? byName.get(from.accountName) : undefined;
    let result = 0;
    if (from)
      result =
        source === undefined || visiting.has(source)
          ? Number.MAX_SAFE_INTEGER
          : Math.min(depthOf(source, new Set([...visiting, index])) + 1, Number.MAX_SAFE_INTEGER);
    depth.set(index, result);
    return result;
  };
  return accounts
    .map((_, index) => ({ index, depth: depthOf(index, new Set([index])) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map(({ index }) => index);
}

/**
 * The ids the on-behalf-of source of `account` got here, looked up among the accounts added from
 * the same file only: a file never chooses which of the person's own tokens is exchanged.
 */
export function importedSource(
  account: SharedAccount,
  addedByName: ReadonlyMap<string, Pick<AccountView, 'id' | 'targets'>>,
): { accountId: string; targetId: string } | undefined {
  const from = account.assertionFrom;
  const source = from ? addedByName.get(from.accountName) : undefined;
  const target = source?.targets.find((t) => t.label === from?.targetLabel);
  return source && target ? { accountId: source.id, targetId: target.id } : undefined;
}

/** The link that opens a prefilled Add account form for `account`. */
export function addLink(account: SharedAccount): string {
  return `${LINK_PREFIX}?account=${encodeURIComponent(JSON.stringify(linkSafe(account)))}`;
}

/** The account of a `tokendock://add` link, or what is wrong with the link. */
export function readAddLink(text: string): { account: SharedAccount } | { problem: string } {
  const link = text.trim();
  if (link.length > MAX_LINK_LENGTH) return { problem: 'This link is too long.' };
  if (!link.toLowerCase().startsWith(`${LINK_PREFIX}?`))
    return { problem: `A TokenDock link starts with ${LINK_PREFIX}?` };
  const value = new URLSearchParams(link.slice(LINK_PREFIX.length + 1)).get('account');
  if (!value) return { problem: 'The link carries no account.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { problem: 'The link is damaged: its account is not readable.' };
  }
  const problem = sharedAccountProblem(parsed);
  return problem ? { problem } : { account: linkSafe(parsed as SharedAccount) };
}

/** The accounts of an exported file, or what is wrong with it. */
export function readShareFile(text: string): { accounts: SharedAccount[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'This is not a TokenDock accounts file (it is not JSON).' };
  }
  if (!isRecord(parsed) || parsed.format !== SHARE_FORMAT)
    return { problem: 'This is not a TokenDock accounts file.' };
  if (parsed.version !== 1)
    return { problem: `This file is of a newer version (${String(parsed.version)}).` };
  if (!Array.isArray(parsed.accounts) || parsed.accounts.length === 0)
    return { problem: 'The file holds no accounts.' };
  if (parsed.accounts.length > MAX_SHARED_ACCOUNTS)
    return { problem: `The file holds more than ${MAX_SHARED_ACCOUNTS} accounts.` };
  for (const [index, account] of parsed.accounts.entries()) {
    const problem = sharedAccountProblem(account);
    if (problem) return { problem: `Account ${index + 1}: ${problem}` };
  }
  return { accounts: parsed.accounts as SharedAccount[] };
}

/**
 * Whether a value has the shape of a shared account. Only the shape: every field is checked again
 * by the engine when the account is added, as anything typed into the form is.
 */
function sharedAccountProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not an account.';
  for (const field of ['name', 'flow', 'clientId'] as const)
    if (typeof value[field] !== 'string' || !value[field]) return `its ${field} is missing.`;
  if (!isRecord(value.authority) || typeof value.authority.kind !== 'string')
    return 'its authority is missing.';
  if (!isRecord(value.clientAuth) || typeof value.clientAuth.kind !== 'string')
    return 'its client authentication is missing.';
  if (!Array.isArray(value.targets) || value.targets.length === 0) return 'it has no targets.';
  for (const secret of ['clientSecret', 'certificateKeyPem', 'refreshToken'])
    if (secret in value) return 'it carries a secret, which TokenDock never shares.';
  return undefined;
}

/** The account without its source by name (an input names its source by id). */
export function withoutSource(account: SharedAccount): Omit<SharedAccount, 'assertionFrom'> {
  const copy: Partial<SharedAccount> = { ...account };
  delete copy.assertionFrom;
  return copy as Omit<SharedAccount, 'assertionFrom'>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
