import type { AccountRecord, AccountTarget } from '../accounts/types';
import {
  ASSERTION_AUDIENCES,
  SECRET_METHOD_CHOICES,
  isAppOnlyFlow,
  type AccountInput,
} from '../contract/accounts';
import {
  flowCapabilityProblem,
  refreshGrantCapabilityProblem,
  type ProviderCapabilities,
} from '../contract/flow-capabilities';
import {
  CLIENT_CREDENTIAL_NEEDED,
  needsClientCredential,
  refreshTokenProblem,
  usesRedirectUri,
} from '../contract/flow-rules';
import { redirectUriProblem } from '../contract/redirect-uri';
import { clientCapabilitiesProblem } from '../contract/claims-challenge';
import { resolveAuthority } from '../authority/resolve-authority';
import { TokenDockError } from '../errors/tokendock-error';
import { certificateChain, parseThumbprint, prepareCertificate } from '../flows/certificate';
import { connect } from '../flows/connect';
import type { EngineContext } from './context';

export type { AccountInput } from '../contract/accounts';

/** What is already stored for the account being edited. */
export interface StoredSecrets {
  clientSecret?: string;
  certificateKeyPem?: string;
}

const SECRET_METHODS: readonly unknown[] = SECRET_METHOD_CHOICES;
const AUDIENCES: readonly unknown[] = ASSERTION_AUDIENCES;

/**
 * The provider's metadata for an account input, or `undefined` when it cannot be read now (the
 * capability check is then left to sign-in).
 */
export type ProviderMetadataLookup = (
  input: AccountInput,
) => Promise<ProviderCapabilities | undefined>;

/**
 * Checks an account form field by field and throws one `invalid_configuration` error whose
 * `fields` name each problem, so the UI can put every message next to its field. Nothing is
 * saved when anything is wrong. When every field is right and `provider` is given, the
 * provider's metadata is read and the flow checked against it (`flowCapabilityProblem`): a flow
 * the provider is known not to offer is a `flow` field error naming what is missing.
 */
export async function validateAccountInput(
  input: AccountInput,
  stored: StoredSecrets,
  accounts: readonly AccountRecord[],
  editingId: string | undefined,
  provider?: ProviderMetadataLookup,
): Promise<void> {
  const fields: Record<string, string> = {};
  if (!input.name.trim()) fields.name = 'Give the account a name.';
  else if (input.name.length > 120) fields.name = 'Keep the name under 120 characters.';
  if (!input.clientId.trim()) fields.clientId = 'The client (application) id is required.';

  if (input.authority.kind !== 'sandbox') {
    try {
      resolveAuthority(input.authority);
    } catch (error) {
      // Errors that name their fields (a B2C authority's tenant, user flow, custom domain) keep them.
      const named = error instanceof TokenDockError ? error.fields : undefined;
      if (named && Object.keys(named).length > 0) Object.assign(fields, named);
      else
        fields[input.authority.kind === 'entra' ? 'tenant' : 'issuer'] = (error as Error).message;
    }
  }

  await validateClientAuth(input, stored, fields);

  if (input.flow === 'password' && !input.username?.trim())
    fields.username = 'The password flow needs a user name.';
  const capabilities = clientCapabilitiesProblem(
    input.authority.kind,
    isAppOnlyFlow(input.flow),
    input.clientCapabilities,
  );
  if (capabilities) fields.clientCapabilities = capabilities;
  if (input.flow === 'on_behalf_of') {
    const source = accounts.find((a) => a.id === input.assertionFrom?.accountId);
    if (!source || !source.targets.some((t) => t.id === input.assertionFrom?.targetId)) {
      fields.assertionFrom = 'Choose the account and target whose token is exchanged.';
    } else {
      const chain = assertionChainProblem(
        { id: editingId, name: input.name },
        input.assertionFrom,
        accounts,
      );
      if (chain) fields.assertionFrom = chain.message;
    }
  }
  if (usesRedirectUri(input.flow)) {
    const problem = redirectUriProblem(input.signInMode ?? 'embedded', input.redirectUri);
    if (problem) fields.redirectUri = problem;
  }
  if (input.refreshToken !== undefined) {
    const problem =
      editingId === undefined
        ? refreshTokenProblem(input.flow, input.refreshToken)
        : 'A refresh token can only start a new account: sign this one in again instead.';
    if (problem) fields.refreshToken = problem;
  }

  if (input.targets.length === 0) fields.targets = 'Add at least one target: a resource or scopes.';
  input.targets.forEach((t, i) => {
    if (!t.label.trim()) fields[`targets.${i}.label`] = 'Give the target a short name.';
    if (t.target.kind === 'resource' && !t.target.resource.trim())
      fields[`targets.${i}.resource`] = 'The resource is empty.';
    if (t.target.kind === 'scopes' && t.target.scopes.every((s) => !s.trim())) {
      fields[`targets.${i}.scopes`] = 'Give at least one scope.';
    }
    if (t.curlUrl && !/^https?:$/.test(safeProtocol(t.curlUrl))) {
      fields[`targets.${i}.curlUrl`] = 'The curl URL must be an http or https URL.';
    }
  });

  // The provider is asked only about an otherwise valid account (no request for a half-filled form).
  if (Object.keys(fields).length === 0 && provider) {
    const metadata = await provider(input);
    const entra = { entra: input.authority.kind === 'entra' };
    const problem = metadata
      ? (flowCapabilityProblem(input.flow, metadata, entra) ??
        (input.refreshToken !== undefined
          ? refreshGrantCapabilityProblem(metadata, entra)
          : undefined))
      : undefined;
    if (problem) fields[problem.field] = problem.message;
  }

  if (Object.keys(fields).length > 0) {
    throw new TokenDockError({
      code: 'invalid_configuration',
      message: `The account has ${Object.keys(fields).length === 1 ? 'a problem' : `${Object.keys(fields).length} problems`}: ${Object.values(fields)[0]}`,
      fields,
    });
  }
}

/** How long adding or editing an account waits for the provider's metadata. */
const METADATA_TIMEOUT_MS = 10_000;

/**
 * Reads the provider's metadata for {@link validateAccountInput}, discovered as sign-in will
 * (the host's fetch, loopback rules, Entra v1's device endpoint). A provider that cannot be
 * reached now gives `undefined`: the account is checked no further and saved, and sign-in reports
 * the discovery failure in its own words (an account may be set up offline).
 */
export function providerMetadataFor(ctx: EngineContext): ProviderMetadataLookup {
  return async (input) => {
    try {
      const profile =
        input.authority.kind === 'sandbox'
          ? ctx.deps.sandboxIssuer
            ? { kind: 'sandbox' as const, issuer: await ctx.deps.sandboxIssuer() }
            : undefined
          : input.authority;
      if (!profile) return undefined;
      const connection = await connect(
        profile,
        { clientId: input.clientId.trim(), credential: { kind: 'none' } },
        {
          fetch: ctx.deps.fetch,
          clock: ctx.deps.clock,
          timeoutMs: Math.min(ctx.deps.timeoutMs ?? METADATA_TIMEOUT_MS, METADATA_TIMEOUT_MS),
        },
      );
      return connection.config.serverMetadata();
    } catch {
      return undefined;
    }
  };
}

/** The most hops sign-in follows from an on-behalf-of account to where its token starts. */
export const MAX_ASSERTION_HOPS = 8;

/** Why a chain of on-behalf-of accounts cannot be signed in. */
export interface AssertionChainProblem {
  /** `cycle`: the chain comes back to an account it passed; `too-deep`: over 8 hops. */
  kind: 'cycle' | 'too-deep';
  /** The accounts along the chain, by name, in order (a cycle ends with the account it repeats). */
  names: string[];
  /** A sentence for the form that names the accounts. */
  message: string;
}

/** Stands for the account being added, which has no id yet. */
const NEW_ACCOUNT_ID = '\u0000new account';

/**
 * Follows an on-behalf-of account's incoming token back to where it comes from (its
 * `assertionFrom` account, then that account's `assertionFrom`, and so on) as things would be
 * once `start` takes `assertionFrom`, and says what would stop sign-in: a cycle (A from A, A from
 * B and B from A, or longer), which would never end, or a chain of more than
 * {@link MAX_ASSERTION_HOPS} hops.
 *
 * Only on-behalf-of accounts pass the chain on (sign-in follows `assertionFrom` for those alone);
 * a reference to an account that does not exist ends it. `start.id` is the account being edited
 * (its stored `assertionFrom` is replaced by the new one) or `undefined` for a new account. Only
 * chains through `start` are judged: the one from `start`, and those of other accounts that
 * lead to it (editing an account in the middle of a chain lengthens theirs), so a problem already
 * stored elsewhere does not block unrelated edits.
 *
 * @returns the cycle, else the longest chain through `start` when it is too deep, else
 * `undefined` (sign-in can follow every chain through `start`).
 */
export function assertionChainProblem(
  start: { id: string | undefined; name: string },
  assertionFrom: { accountId: string } | undefined,
  accounts: readonly AccountRecord[],
): AssertionChainProblem | undefined {
  if (!assertionFrom) return undefined;
  const startId = start.id ?? NEW_ACCOUNT_ID;
  const next = new Map<string, string>();
  const names = new Map<string, string>();
  for (const account of accounts) {
    names.set(account.id, account.name);
    if (account.id !== startId && account.flow === 'on_behalf_of' && account.assertionFrom)
      next.set(account.id, account.assertionFrom.accountId);
  }
  names.set(startId, start.name.trim() || 'this account');
  next.set(startId, assertionFrom.accountId);
  const nameOf = (id: string) => names.get(id) ?? id;

  /** The ids from `from` along the chain; a cycle ends with the first id seen twice. */
  const walk = (from: string): { ids: string[]; cycle: boolean } => {
    const ids = [from];
    const seen = new Set(ids);
    for (let at = next.get(from); at !== undefined; at = next.get(at)) {
      ids.push(at);
      if (seen.has(at)) return { ids, cycle: true };
      seen.add(at);
    }
    return { ids, cycle: false };
  };

  const own = walk(startId);
  if (own.cycle) {
    const path = own.ids.map(nameOf);
    return {
      kind: 'cycle',
      names: path,
      message: `This would make a loop: ${path.join(' → ')}. An on-behalf-of account cannot take its token from itself, directly or through others.`,
    };
  }
  // The longest chain through `start`: its own, or one of those that lead to it.
  let longest = own.ids;
  for (const from of next.keys()) {
    if (from === startId) continue;
    const chain = walk(from);
    if (!chain.cycle && chain.ids.length > longest.length && chain.ids.includes(startId))
      longest = chain.ids;
  }
  const hops = longest.length - 1;
  if (hops > MAX_ASSERTION_HOPS) {
    const path = longest.map(nameOf);
    return {
      kind: 'too-deep',
      names: path,
      message: `This would make a chain of ${hops} on-behalf-of hops: ${path.join(' → ')}. Sign-in follows at most ${MAX_ASSERTION_HOPS}: take the token from an account nearer the start of the chain.`,
    };
  }
  return undefined;
}

async function validateClientAuth(
  input: AccountInput,
  stored: StoredSecrets,
  fields: Record<string, string>,
) {
  const auth = input.clientAuth;
  if (needsClientCredential(input.flow) && auth.kind === 'none') {
    fields.clientAuth = CLIENT_CREDENTIAL_NEEDED;
  }
  if (auth.kind === 'secret' && !(input.clientSecret ?? stored.clientSecret)?.trim()) {
    fields.clientSecret = 'Enter the client secret.';
  }
  if (auth.kind === 'secret' && !SECRET_METHODS.includes(auth.method)) {
    fields.secretMethod = 'Choose how the secret is sent: automatic, basic or post.';
  }
  if (auth.kind === 'certificate') {
    if (auth.audience !== undefined && !AUDIENCES.includes(auth.audience))
      fields.audience = 'The assertion audience is the token endpoint or the issuer.';
    if (auth.sendChain && !auth.certificatePem?.trim()) {
      fields.sendChain =
        'Sending the certificate chain (x5c) needs the certificate PEM, not only its thumbprint.';
    }
    const keyPem = input.certificateKeyPem ?? stored.certificateKeyPem;
    if (!keyPem?.trim()) {
      fields.certificateKeyPem = "Paste the certificate's private key (PEM).";
      return;
    }
    const problem = await certificateProblem(keyPem, auth);
    if (problem) fields[problem.field] = problem.message;
  }
}

/**
 * The first problem of a certificate credential and the field it belongs to. The field follows
 * from which part is being checked (the key alone, then the certificate, then the thumbprint,
 * then the whole), never from the wording of the error.
 */
async function certificateProblem(
  keyPem: string,
  auth: Extract<AccountInput['clientAuth'], { kind: 'certificate' }>,
): Promise<{ field: string; message: string } | undefined> {
  const certificatePem = auth.certificatePem?.trim() ? auth.certificatePem : undefined;
  const thumbprint = auth.thumbprintSha1Hex?.trim() ? auth.thumbprintSha1Hex : undefined;
  const steps: Array<[field: string, check: () => unknown]> = [
    // The key alone (a stand-in thumbprint so that nothing else can be missing).
    [
      'certificateKeyPem',
      () => prepareCertificate({ privateKeyPem: keyPem, thumbprintSha1Hex: '0'.repeat(40) }),
    ],
    ['certificatePem', () => certificatePem && certificateChain(certificatePem)],
    [
      'certificatePem',
      () => certificatePem && prepareCertificate({ privateKeyPem: keyPem, certificatePem }),
    ],
    ['thumbprintSha1Hex', () => thumbprint && parseThumbprint(thumbprint)],
    [
      'thumbprintSha1Hex',
      () =>
        certificatePem &&
        thumbprint &&
        prepareCertificate({
          privateKeyPem: keyPem,
          certificatePem,
          thumbprintSha1Hex: thumbprint,
        }),
    ],
    [
      'certificatePem',
      () =>
        prepareCertificate({
          privateKeyPem: keyPem,
          ...(certificatePem ? { certificatePem } : {}),
          ...(thumbprint ? { thumbprintSha1Hex: thumbprint } : {}),
          algorithm: auth.algorithm,
          ...(auth.sendChain && certificatePem ? { sendChain: true } : {}),
        }),
    ],
  ];
  for (const [field, check] of steps) {
    try {
      await check();
    } catch (error) {
      return { field, message: (error as Error).message };
    }
  }
  return undefined;
}

function safeProtocol(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}

/** The stored record for a validated input (new ids for new targets; tokens of kept targets kept). */
export function toAccountRecord(
  input: AccountInput,
  base: {
    id: string;
    createdOn: number;
    now: number;
    previous?: AccountRecord;
    newId: () => string;
  },
): AccountRecord {
  const previousTargets = new Map(base.previous?.targets.map((t) => [t.id, t]) ?? []);
  const targets: AccountTarget[] = input.targets.map((t) => {
    const kept = t.id ? previousTargets.get(t.id) : undefined;
    const sameTarget = kept && JSON.stringify(kept.target) === JSON.stringify(t.target);
    return {
      id: kept?.id ?? base.newId(),
      label: t.label.trim(),
      target: t.target,
      ...(t.curlUrl ? { curlUrl: t.curlUrl } : {}),
      ...(sameTarget && kept.token ? { token: kept.token } : {}),
    };
  });
  return {
    id: base.id,
    name: input.name.trim(),
    authority: input.authority,
    flow: input.flow,
    clientId: input.clientId.trim(),
    clientAuth: input.clientAuth,
    signInMode: input.signInMode ?? 'embedded',
    ...(input.redirectUri ? { redirectUri: input.redirectUri.trim() } : {}),
    ...(input.username ? { username: input.username.trim() } : {}),
    ...(input.assertionFrom ? { assertionFrom: input.assertionFrom } : {}),
    targets,
    ...(base.previous?.identity ? { identity: base.previous.identity } : {}),
    ...(input.clientCapabilities?.length
      ? { clientCapabilities: [...new Set(input.clientCapabilities)] }
      : {}),
    // A challenge is kept across an edit that keeps the provider, client and user.
    ...(base.previous?.claimsChallenge ? { claimsChallenge: base.previous.claimsChallenge } : {}),
    createdOn: base.createdOn,
    updatedOn: base.now,
  };
}
