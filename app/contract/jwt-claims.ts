/**
 * Plain words for the JWT claims and header parameters a developer meets most (RFC 7519 §4.1,
 * OpenID Connect Core §2 and §5.1, RFC 8693 §4.2, Microsoft identity platform token reference),
 * and the names of well-known Microsoft resources and applications. Pure data, shared by the
 * renderer and the tests.
 */

const CLAIMS: Record<string, string> = {
  iss: 'Issuer: the authority that issued and signed the token.',
  sub: 'Subject: who the token is about, unique and stable for this issuer (per app in Entra ID).',
  aud: 'Audience: the API (resource) the token is meant for; any other API must refuse it.',
  exp: 'Expiration time: the token is refused from this moment on.',
  nbf: 'Not before: the token is refused before this moment.',
  iat: 'Issued at: when the token was created.',
  auth_time: 'When the person last actually signed in (entered credentials).',
  jti: 'Token id: unique per token, lets an API detect replays.',
  scp: 'Scopes: delegated permissions the person granted the app, separated by spaces.',
  scope: 'Scopes granted to the client, separated by spaces.',
  roles: 'App roles: application permissions or roles assigned to the caller.',
  amr: 'Authentication methods used at sign-in (pwd = password, mfa = multi-factor, rsa = key…).',
  acr: 'Authentication context class: how much assurance the sign-in gives, as the provider defines it ("0" in Entra ID: below ISO/IEC 29115 level 1).',
  tid: 'Tenant id: the Entra ID directory the caller signed in to.',
  oid: 'Object id: the user or service principal in the directory, the same across apps.',
  azp: 'Authorized party: the client id of the app that asked for the token (v2).',
  appid: 'Application id: the client id of the app that asked for the token (v1).',
  azpacr: 'How the client authenticated: 0 = public client, 1 = secret, 2 = certificate.',
  appidacr: 'How the client authenticated: 0 = public client, 1 = secret, 2 = certificate.',
  wids: 'Directory role template ids of the user (Global Administrator and such).',
  xms_cc: 'Client capabilities: "cp1" means the app can handle claims challenges (CAE).',
  ver: 'Token version: "1.0" (v1 endpoint) or "2.0" (v2 endpoint).',
  upn: 'User principal name: the sign-in name; it can change, so do not use it as an id.',
  preferred_username: 'The name the person signs in with; for display, it can change.',
  unique_name: 'A display sign-in name (v1); it can change, so do not use it as an id.',
  name: 'Display name of the person.',
  given_name: 'First name.',
  family_name: 'Last name.',
  email: 'Email address; not necessarily verified or owned by the person.',
  email_verified: 'Whether the provider checked the email address.',
  nonce: 'The nonce the app sent at sign-in, echoed back so the app can match the ID token.',
  sid: 'Session id: the sign-in session, used for sign-out.',
  uti: 'Token identifier Entra ID uses internally (for support and revocation).',
  rh: 'Internal Entra ID claim used to revalidate tokens; ignore it.',
  aio: 'Internal Entra ID claim; ignore it.',
  idp: 'Identity provider that authenticated the person, when not the issuer itself (guests, federation).',
  idtyp: 'Token type for the caller: "app" for an application, "user" for a person.',
  ipaddr: 'The IP address the person signed in from.',
  groups: 'Group object ids the user belongs to.',
  client_id: 'The client (app) the token was issued to.',
  at_hash: 'Hash of the access token issued with this ID token.',
  c_hash: 'Hash of the authorization code issued with this ID token.',
  cnf: 'Confirmation: the key the token is bound to (proof of possession).',
  act: 'Actor: who acts on behalf of the subject (token exchange).',
  updated_at: 'When the profile was last changed.',
};

const HEADER: Record<string, string> = {
  alg: 'Algorithm of the signature (JWS) or of the key management (JWE).',
  enc: 'Content encryption algorithm (JWE).',
  typ: 'Media type of the token, such as "JWT" or "at+jwt".',
  cty: 'Content type: "JWT" when the token is nested in another.',
  kid: 'Key id: which of the issuer\u2019s published keys signed the token.',
  x5t: 'SHA-1 thumbprint of the signing certificate.',
  'x5t#S256': 'SHA-256 thumbprint of the signing certificate.',
  jku: 'URL of the key set holding the signing key.',
  zip: 'Compression applied before encryption.',
  nonce:
    'A value the token must carry; Entra Graph tokens have one, which makes them unverifiable by others.',
};

/** Plain words for a claim (`where: 'claims'`) or a header parameter, or undefined. */
export function describeClaim(
  name: string,
  where: 'header' | 'claims' = 'claims',
): string | undefined {
  return (where === 'header' ? HEADER : CLAIMS)[name];
}

/** Well-known Microsoft resources and applications, by application id and identifier URI. */
const WELL_KNOWN: Record<string, string> = {
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  'https://graph.microsoft.com': 'Microsoft Graph',
  '00000002-0000-0000-c000-000000000000': 'Azure AD Graph (retired)',
  'https://graph.windows.net': 'Azure AD Graph (retired)',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013': 'Azure Resource Manager',
  'https://management.azure.com': 'Azure Resource Manager',
  'https://management.core.windows.net': 'Azure Resource Manager',
  'cfa8b339-82a2-471a-a3c9-0fc0be7a4093': 'Azure Key Vault',
  'https://vault.azure.net': 'Azure Key Vault',
  'e406a681-f3d4-42a8-90b6-c2b029497af1': 'Azure Storage',
  'https://storage.azure.com': 'Azure Storage',
  '022907d3-0f1b-48f7-badc-1ba6abab6d66': 'Azure SQL Database',
  'https://database.windows.net': 'Azure SQL Database',
  '499b84ac-1321-427f-aa17-267ca6975798': 'Azure DevOps',
  '00000002-0000-0ff1-ce00-000000000000': 'Exchange Online',
  'https://outlook.office365.com': 'Exchange Online',
  '00000003-0000-0ff1-ce00-000000000000': 'SharePoint Online',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Azure PowerShell',
  '14d82eec-204b-4c2f-b7e8-296a70dab67e': 'Microsoft Graph Command Line Tools',
  '1b730954-1685-4b74-9bfd-dac224a7b894': 'Azure Active Directory PowerShell',
};

/** Claims whose values may name a resource or an application. */
export const ID_CLAIMS = new Set(['aud', 'azp', 'appid', 'client_id']);

/**
 * The name of a well-known Microsoft resource or application: an application id (any case), or
 * an identifier URI with or without a trailing slash or `/.default`.
 */
export function wellKnownName(value: string): string | undefined {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/\/\.default$/, '')
    .replace(/\/+$/, '');
  return WELL_KNOWN[key];
}

/** The well-known names in a claim's value (a string or a list of strings), in order. */
export function wellKnownNames(name: string, value: unknown): string[] {
  if (!ID_CLAIMS.has(name)) return [];
  const values = Array.isArray(value) ? value : [value];
  const names = values.flatMap((v) => (typeof v === 'string' ? (wellKnownName(v) ?? []) : []));
  return [...new Set(names)];
}
