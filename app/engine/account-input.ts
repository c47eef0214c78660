import type { AccountRecord, AccountTarget, FlowKind } from '../accounts/types';
import type { AccountInput } from '../contract/accounts';
import { resolveAuthority } from '../authority/resolve-authority';
import { TokenDockError } from '../errors/tokendock-error';
import { prepareCertificate } from '../flows/certificate';

export type { AccountInput } from '../contract/accounts';

/** What is already stored for the account being edited. */
export interface StoredSecrets {
  clientSecret?: string;
  certificateKeyPem?: string;
}

const APP_FLOWS: ReadonlySet<FlowKind> = new Set(['client_credentials', 'on_behalf_of']);
const INTERACTIVE_FLOWS: ReadonlySet<FlowKind> = new Set(['authorization_code']);

/**
 * Checks an account form field by field and throws one `invalid_configuration` error whose
 * `fields` name each problem, so the UI can put every message next to its field. Nothing is
 * saved when anything is wrong.
 */
export async function validateAccountInput(
  input: AccountInput,
  stored: StoredSecrets,
  accounts: readonly AccountRecord[],
  editingId: string | undefined,
): Promise<void> {
  const fields: Record<string, string> = {};
  if (!input.name.trim()) fields.name = 'Give the account a name.';
  else if (input.name.length > 120) fields.name = 'Keep the name under 120 characters.';
  if (!input.clientId.trim()) fields.clientId = 'The client (application) id is required.';

  if (input.authority.kind !== 'sandbox') {
    try {
      resolveAuthority(input.authority);
    } catch (error) {
      fields[input.authority.kind === 'entra' ? 'tenant' : 'issuer'] = (error as Error).message;
    }
  }

  await validateClientAuth(input, stored, fields);

  if (input.flow === 'password' && !input.username?.trim())
    fields.username = 'The password flow needs a user name.';
  if (input.flow === 'on_behalf_of') {
    const source = accounts.find((a) => a.id === input.assertionFrom?.accountId);
    if (!source || !source.targets.some((t) => t.id === input.assertionFrom?.targetId)) {
      fields.assertionFrom = 'Choose the account and target whose token is exchanged.';
    } else if (source.id === editingId) {
      fields.assertionFrom = 'An account cannot exchange its own token: choose another account.';
    }
  }
  if (INTERACTIVE_FLOWS.has(input.flow) && (input.signInMode ?? 'embedded') === 'embedded') {
    if (!input.redirectUri?.trim())
      fields.redirectUri = 'The embedded window needs the redirect URI registered for the app.';
    else if (!isUrl(input.redirectUri)) fields.redirectUri = 'The redirect URI must be a URL.';
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

  if (Object.keys(fields).length > 0) {
    throw new TokenDockError({
      code: 'invalid_configuration',
      message: `The account has ${Object.keys(fields).length === 1 ? 'a problem' : `${Object.keys(fields).length} problems`}: ${Object.values(fields)[0]}`,
      fields,
    });
  }
}

async function validateClientAuth(
  input: AccountInput,
  stored: StoredSecrets,
  fields: Record<string, string>,
) {
  const auth = input.clientAuth;
  if (APP_FLOWS.has(input.flow) && auth.kind === 'none') {
    fields.clientAuth = 'This flow needs the client to prove itself: a secret or a certificate.';
  }
  if (auth.kind === 'secret' && !(input.clientSecret ?? stored.clientSecret)?.trim()) {
    fields.clientSecret = 'Enter the client secret.';
  }
  if (auth.kind === 'certificate') {
    const keyPem = input.certificateKeyPem ?? stored.certificateKeyPem;
    if (!keyPem?.trim()) {
      fields.certificateKeyPem = "Paste the certificate's private key (PEM).";
      return;
    }
    try {
      await prepareCertificate({
        privateKeyPem: keyPem,
        ...(auth.certificatePem ? { certificatePem: auth.certificatePem } : {}),
        ...(auth.thumbprintSha1Hex ? { thumbprintSha1Hex: auth.thumbprintSha1Hex } : {}),
        algorithm: auth.algorithm,
      });
    } catch (error) {
      const message = (error as Error).message;
      const field = message.startsWith('The thumbprint')
        ? 'thumbprintSha1Hex'
        : message.startsWith('The private key')
          ? 'certificateKeyPem'
          : 'certificatePem';
      fields[field] = message;
    }
  }
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
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
    createdOn: base.createdOn,
    updatedOn: base.now,
  };
}
