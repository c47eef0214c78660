import { withoutSource, type SharedAccount } from '../../../app/contract/account-share';
import type {
  AccountView,
  AssertionAudience,
  FlowKind,
  SecretMethodChoice,
} from '../../../app/contract/accounts';
import type { EntraCloud, StoredAuthority } from '../../../app/contract/authority';
import { adfsHostFromUrl, b2cAuthorityFromUrl } from '../../../app/contract/authority-checks';

export type Preset = 'entra' | 'oidc' | 'sandbox';
export type OidcKind = 'issuer' | 'b2c' | 'adfs';

export interface TargetDraft {
  /** React key; stable across edits. */
  key: string;
  /** The stored target's id when editing (keeps its tokens when unchanged). */
  id?: string;
  label: string;
  kind: 'resource' | 'scopes';
  resource: string;
  /** Space- or comma-separated. */
  scopes: string;
  curlUrl: string;
}

/** Everything the form edits, as strings and choices. */
export interface FormState {
  preset: Preset;
  name: string;
  tenant: string;
  cloud: EntraCloud;
  version: 'v1' | 'v2';
  issuer: string;
  /**
   * Which OpenID Connect provider the `oidc` preset is: any issuer URL, or one whose `issuer` the
   * form makes from the fields below (Azure AD B2C, AD FS).
   */
  oidcKind: OidcKind;
  /** Azure AD B2C: tenant name (or id, with a custom domain), user flow, optional custom domain. */
  b2cTenant: string;
  b2cPolicy: string;
  b2cDomain: string;
  /** AD FS: its host (`fs.contoso.com`); the issuer is `https://<host>/adfs`. */
  adfsHost: string;
  flow: FlowKind;
  clientId: string;
  authKind: 'none' | 'secret' | 'certificate';
  /** New accounts: `automatic` (from the provider's metadata). */
  secretMethod: SecretMethodChoice;
  clientSecret: string;
  certSource: 'pem' | 'thumbprint';
  certificatePem: string;
  thumbprint: string;
  keyPem: string;
  algorithm: 'RS256' | 'PS256';
  /** The client assertion's `aud`. */
  audience: AssertionAudience;
  /** Send the certificate chain (`x5c`). */
  sendChain: boolean;
  signInMode: 'embedded' | 'system-browser';
  redirectUri: string;
  username: string;
  assertionAccountId: string;
  assertionTargetId: string;
  targets: TargetDraft[];
  /** Adding only: start from a refresh token the person already holds. */
  useRefreshToken: boolean;
  /** The pasted refresh token (write-only: sent once, never shown again). */
  refreshToken: string;
  /** Entra ID: declare the client capability `cp1` (continuous access evaluation). */
  continuousAccessEvaluation: boolean;
}

/** Field path (as the engine names them: `issuer`, `targets.0.resource`) → message. */
export type FieldErrors = Record<string, string>;

let nextKey = 0;
export const newKey = () => `t${++nextKey}`;

/** The sandbox's public client (see app/sandbox/clients.ts): a sensible start for its preset. */
export const SANDBOX_PUBLIC_CLIENT = 'tokendock-native';
export const SANDBOX_REDIRECT = 'http://127.0.0.1/callback';

export function emptyTarget(preset: Preset): TargetDraft {
  switch (preset) {
    case 'entra':
      return target('Microsoft Graph', 'scopes', '', 'https://graph.microsoft.com/.default');
    case 'sandbox':
      return target('Sandbox API', 'resource', 'api://tokendock-sandbox', 'api.read');
    case 'oidc':
      return target('API', 'scopes', '', '');
  }
}

function target(label: string, kind: TargetDraft['kind'], resource: string, scopes: string) {
  return { key: newKey(), label, kind, resource, scopes, curlUrl: '' };
}

export function emptyForm(preset: Preset = 'entra'): FormState {
  return {
    preset,
    name: '',
    tenant: '',
    cloud: 'public',
    version: 'v2',
    issuer: '',
    oidcKind: 'issuer',
    b2cTenant: '',
    b2cPolicy: '',
    b2cDomain: '',
    adfsHost: '',
    flow: 'authorization_code',
    clientId: preset === 'sandbox' ? SANDBOX_PUBLIC_CLIENT : '',
    authKind: 'none',
    secretMethod: 'automatic',
    clientSecret: '',
    certSource: 'pem',
    certificatePem: '',
    thumbprint: '',
    keyPem: '',
    algorithm: 'RS256',
    audience: 'token-endpoint',
    sendChain: false,
    signInMode: 'embedded',
    redirectUri: preset === 'sandbox' ? SANDBOX_REDIRECT : '',
    username: '',
    assertionAccountId: '',
    assertionTargetId: '',
    targets: [emptyTarget(preset)],
    useRefreshToken: false,
    refreshToken: '',
    continuousAccessEvaluation: false,
  };
}

/** The form of an existing account. Secrets stay empty: they are write-only. */
/** What the form is filled from: a stored account, or a shared configuration (no ids). */
type AccountConfig = Pick<
  AccountView,
  'name' | 'authority' | 'flow' | 'clientId' | 'clientAuth' | 'redirectUri' | 'username'
> &
  Partial<Pick<AccountView, 'signInMode' | 'assertionFrom' | 'clientCapabilities'>> & {
    targets: ReadonlyArray<Omit<AccountView['targets'][number], 'id' | 'state'> & { id?: string }>;
  };

export function formFromAccount(account: AccountConfig): FormState {
  const a = account.authority;
  const auth = account.clientAuth;
  return {
    ...emptyForm(a.kind),
    name: account.name,
    ...(a.kind === 'entra' ? { tenant: a.tenant, cloud: a.cloud, version: a.version } : {}),
    ...(a.kind === 'oidc' ? { issuer: a.issuer, ...oidcKindOf(a.issuer) } : {}),
    flow: account.flow,
    clientId: account.clientId,
    authKind: auth.kind,
    ...(auth.kind === 'secret' ? { secretMethod: auth.method } : {}),
    ...(auth.kind === 'certificate'
      ? {
          certSource: auth.certificatePem ? 'pem' : 'thumbprint',
          certificatePem: auth.certificatePem ?? '',
          thumbprint: auth.thumbprintSha1Hex ?? '',
          algorithm: auth.algorithm,
          audience: auth.audience ?? 'token-endpoint',
          sendChain: auth.sendChain ?? false,
        }
      : {}),
    signInMode: account.signInMode ?? 'embedded',
    redirectUri: account.redirectUri ?? '',
    username: account.username ?? '',
    assertionAccountId: account.assertionFrom?.accountId ?? '',
    assertionTargetId: account.assertionFrom?.targetId ?? '',
    continuousAccessEvaluation: account.clientCapabilities?.includes('cp1') ?? false,
    targets: account.targets.map((t) => ({
      key: newKey(),
      ...(t.id ? { id: t.id } : {}),
      label: t.label,
      kind: t.target.kind,
      resource: t.target.kind === 'resource' ? t.target.resource : '',
      scopes: (t.target.scopes ?? []).join(' '),
      curlUrl: t.curlUrl ?? '',
    })),
  };
}

/** The B2C or AD FS fields an issuer URL is made of (a stored account shows them again). */
function oidcKindOf(issuer: string): Partial<FormState> {
  const b2c = b2cAuthorityFromUrl(issuer);
  if (b2c)
    return {
      oidcKind: 'b2c',
      b2cTenant: b2c.tenant,
      b2cPolicy: b2c.policy,
      b2cDomain: b2c.domain ?? '',
    };
  const adfs = adfsHostFromUrl(issuer);
  return adfs ? { oidcKind: 'adfs', adfsHost: adfs } : {};
}

export function authorityOf(form: FormState): StoredAuthority {
  switch (form.preset) {
    case 'entra':
      return {
        kind: 'entra',
        tenant: form.tenant.trim(),
        cloud: form.cloud,
        version: form.version,
      };
    case 'oidc':
      return { kind: 'oidc', issuer: form.issuer.trim() };
    case 'sandbox':
      return { kind: 'sandbox' };
  }
}

/**
 * The form for a shared account (a `tokendock://add` link): its configuration; secrets and, for
 * on-behalf-of, the source account are left to the person (a link never names them).
 */
export function formFromShared(shared: SharedAccount): FormState {
  return formFromAccount(withoutSource(shared));
}
