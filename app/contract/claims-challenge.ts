/**
 * Claims challenges: what a provider asks for when a token request is refused because the sign-in
 * did not satisfy a policy (Conditional Access, multi-factor authentication, a compliant device,
 * continuous access evaluation). The provider sends a `claims` value (a JSON claims request, OpenID
 * Connect Core §5.5, sometimes base64-encoded, as in a `WWW-Authenticate: Bearer
 * error="insufficient_claims", claims="…"` challenge) and, at Entra ID, a `suberror`; the next
 * interactive sign-in sends the claims back as its `claims` request parameter.
 *
 * Pure functions, free of Node: the engine and the renderer share them.
 */

/** Client capabilities an account may declare (Entra's `xms_cc`); `cp1`: continuous access evaluation. */
export const CLIENT_CAPABILITIES = ['cp1'] as const;
export type ClientCapability = (typeof CLIENT_CAPABILITIES)[number];

/** The claims challenge an account's next sign-in answers: the last one a refusal carried. */
export interface PendingClaimsChallenge {
  /** The claims request (JSON text, decoded when it came base64-encoded). */
  claims: string;
  /** When it was received (UTC epoch ms). */
  receivedOn: number;
  /** Entra's `suberror` that came with it (`basic_action`, `additional_action`, …). */
  suberror?: string;
  /** Entra's `error_codes` that came with it (AADSTS numbers). */
  errorCodes?: number[];
  /** The target whose request was refused. */
  targetId?: string;
}

/** The longest claims value kept (Entra's are a few hundred characters). */
export const MAX_CLAIMS_LENGTH = 16_384;

/**
 * The claims request in `value` as JSON text: `value` itself when it is a JSON object, else its
 * base64 (standard or URL-safe, padded or not) decoded as UTF-8 when that is a JSON object.
 * `undefined` for anything else (empty, too long, not an object).
 */
export function decodeClaimsChallenge(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text || text.length > MAX_CLAIMS_LENGTH) return undefined;
  if (text.startsWith('{')) return isJsonObject(text) ? text : undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  let decoded: string;
  try {
    const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim();
  } catch {
    return undefined;
  }
  return decoded.startsWith('{') && isJsonObject(decoded) ? decoded : undefined;
}

/**
 * The `claims` request parameter for a challenge and the client's capabilities, by MSAL's rule
 * (`RequestParameterBuilder.addClientCapabilitiesToClaims`, AzureAD/microsoft-authentication-
 * library-for-js, lib/msal-common/src/request/RequestParameterBuilder.ts at commit
 * 980f0b077940119961610d375eddd2c7f72392aa; MSAL Python's `_merge_claims_challenge_and_capabilities`
 * does the same): the challenge's JSON, with `access_token.xms_cc` set to
 * `{"values": capabilities}` (the challenge's other `access_token` members kept, an `access_token`
 * member added when missing). `undefined` when there is neither a challenge nor a capability.
 */
export function mergeClientCapabilities(
  claims: string | undefined,
  capabilities: readonly string[] | undefined,
): string | undefined {
  const challenge = claims ? decodeClaimsChallenge(claims) : undefined;
  const hasCapabilities = capabilities !== undefined && capabilities.length > 0;
  if (!challenge && !hasCapabilities) return undefined;
  const merged = (challenge ? JSON.parse(challenge) : {}) as Record<string, unknown>;
  if (hasCapabilities) {
    const accessToken = merged.access_token;
    const target =
      accessToken !== null && typeof accessToken === 'object' && !Array.isArray(accessToken)
        ? (accessToken as Record<string, unknown>)
        : {};
    target.xms_cc = { values: [...capabilities] };
    merged.access_token = target;
  }
  return JSON.stringify(merged);
}

/** What a challenge asks of the person, as far as it can be told. */
export type ClaimsChallengeAsk =
  | 'mfa'
  | 'mfa-registration'
  | 'auth-context'
  | 'compliant-device'
  | 'managed-device'
  | 'consent'
  | 'reauthenticate'
  | 'password-change'
  | 'policy'
  | 'blocked';

export interface ClaimsChallengeDescription {
  /** What is asked, most specific first, each once. */
  asks: ClaimsChallengeAsk[];
  /** One sentence for people: what the provider asks for and what to do. */
  summary: string;
  /** One sentence per thing asked, in the order of `asks` (details the summary leaves out). */
  details: string[];
  /** Entra authentication context ids asked for (`acrs`, e.g. `c1`). */
  authContexts?: string[];
}

/** What a refusal carried that may say what the provider asks for. */
export interface ClaimsChallengeInput {
  /** The claims request, JSON or base64. */
  claims?: string;
  /** Entra's `suberror`. */
  suberror?: string;
  /** Entra's `error_codes` (AADSTS numbers). */
  errorCodes?: readonly number[];
}

const PHRASES: Record<ClaimsChallengeAsk, string> = {
  mfa: 'multi-factor authentication',
  'mfa-registration': 'registering a multi-factor authentication method',
  'auth-context': "an extra check your organisation's policy names",
  'compliant-device': 'a device your organisation manages and marks compliant',
  'managed-device': 'a device your organisation manages',
  consent: "consent to the app's permissions",
  reauthenticate: 'signing in again',
  'password-change': 'a new password',
  policy: 'meeting a Conditional Access policy of your organisation',
  blocked: 'access that a policy blocks',
};

const DETAILS: Record<ClaimsChallengeAsk, string> = {
  mfa: 'Complete multi-factor authentication (an authenticator app, a text message or a security key) when the sign-in page asks.',
  'mfa-registration':
    'Register a multi-factor authentication method: the sign-in page walks you through it.',
  'auth-context':
    'Your organisation requires an extra check for this resource (often multi-factor authentication or a compliant device); the sign-in page asks for it.',
  'compliant-device':
    "Sign in from a device enrolled in your organisation's device management (such as Intune) and marked compliant, or ask your administrator.",
  'managed-device':
    'Sign in from a device your organisation manages (registered or joined), or ask your administrator.',
  consent:
    'Sign in and accept the permissions the app asks for, or ask an administrator to consent for the organisation.',
  reauthenticate:
    'Your session was revoked or is too old for this resource (sign-in frequency, continuous access evaluation): sign in again.',
  'password-change': 'Your password has expired or was changed: change it, then sign in again.',
  policy:
    'A Conditional Access policy applies to this sign-in; the sign-in page says what it needs.',
  blocked:
    'A policy blocks this access from here; signing in again shows why, but only your administrator can change it.',
};

/** Entra's AADSTS codes that say what a policy asks (learn.microsoft.com, reference-error-codes). */
const ERROR_CODE_ASKS: ReadonlyMap<number, ClaimsChallengeAsk> = new Map([
  [50072, 'mfa-registration'],
  [50074, 'mfa'],
  [50076, 'mfa'],
  [50078, 'mfa'],
  [50079, 'mfa-registration'],
  [50158, 'mfa'],
  [53000, 'compliant-device'],
  [530001, 'compliant-device'],
  [530002, 'compliant-device'],
  [53001, 'managed-device'],
  [530003, 'managed-device'],
  [53003, 'blocked'],
  [65001, 'consent'],
  [50055, 'password-change'],
  [50144, 'password-change'],
  [50173, 'reauthenticate'],
  [70043, 'reauthenticate'],
  [50133, 'reauthenticate'],
]);

/** Entra's suberrors (MSAL .NET `MsalError`, MSAL Python's classification). */
const SUBERROR_ASKS: Readonly<Record<string, ClaimsChallengeAsk>> = {
  consent_required: 'consent',
  user_password_expired: 'password-change',
  message_only: 'blocked',
};

/** What a suberror says beyond what it asks, when it says something. */
const SUBERROR_WORDS: Readonly<Record<string, string>> = {
  basic_action: 'The sign-in page can complete what is missing: sign in again.',
  additional_action:
    'Something is needed outside the sign-in (such as enrolling this device or registering a sign-in method); the sign-in page explains what.',
  message_only:
    'Signing in again only shows why access is refused; it cannot be fixed from the sign-in page.',
  bad_token: 'The saved sign-in is no longer valid: sign in again.',
  token_expired: 'The saved sign-in expired: sign in again.',
};

const GENERIC =
  'The provider needs you to sign in again interactively; the sign-in page shows what it asks for.';

/**
 * Says in words what a claims challenge (and the `suberror` and AADSTS codes that came with it)
 * asks of the person: multi-factor authentication (`amr`/`acr`/`acrs` values naming it, AADSTS50076
 * and friends), an Entra authentication context (`acrs` ids `c1`…`c99`), a compliant or managed
 * device, consent, signing in again (`nbf`, `auth_time`, `max_age`, `xms_cc`: revoked sessions and
 * sign-in frequency), a new password; anything else gets a general sentence. `undefined` when the
 * input carries nothing to describe.
 */
export function describeClaimsChallenge(
  challenge: ClaimsChallengeInput,
): ClaimsChallengeDescription | undefined {
  const asks = new Set<ClaimsChallengeAsk>();
  const contexts = new Set<string>();
  const json = challenge.claims ? decodeClaimsChallenge(challenge.claims) : undefined;
  if (json) {
    const request = JSON.parse(json) as Record<string, unknown>;
    for (const [name, value] of claimRequests(request)) {
      const values = requestedValues(value);
      switch (name) {
        case 'acrs':
          for (const v of values) {
            if (isMfaValue(v)) asks.add('mfa');
            else contexts.add(v);
          }
          if (values.length === 0 || contexts.size > 0) asks.add('auth-context');
          break;
        case 'acr':
        case 'amr':
          // `mfa` (RFC 8176), Entra v1's multipleauthn; other levels: a stronger sign-in.
          asks.add(values.some(isMfaValue) || values.length === 0 ? 'mfa' : 'policy');
          break;
        case 'nbf':
        case 'auth_time':
        case 'max_age':
        case 'xms_cc':
          asks.add('reauthenticate');
          break;
        case 'deviceid':
        case 'xms_dc':
          asks.add('managed-device');
          break;
        case 'capolids':
        case 'polids':
          asks.add('policy');
          break;
        case 'xms_caeerror':
          // Entra's reason code for a continuous access evaluation challenge; `nbf` says the rest.
          break;
        default:
          break;
      }
    }
  }
  for (const code of challenge.errorCodes ?? []) {
    const ask = ERROR_CODE_ASKS.get(code);
    if (ask) asks.add(ask);
  }
  const suberrorAsk = challenge.suberror ? SUBERROR_ASKS[challenge.suberror] : undefined;
  if (suberrorAsk) asks.add(suberrorAsk);
  const suberrorWords = challenge.suberror ? SUBERROR_WORDS[challenge.suberror] : undefined;

  // Specific asks make the general ones redundant.
  if (asks.has('mfa-registration')) asks.delete('mfa');
  if (asks.has('compliant-device')) asks.delete('managed-device');
  if (asks.size > 1) asks.delete('policy');
  // Whatever else is asked is asked at a new sign-in: "signing in again" goes without saying.
  if (asks.size > 1) asks.delete('reauthenticate');

  const ordered = ORDER.filter((a) => asks.has(a));
  const authContexts = [...contexts];
  if (ordered.length === 0 && !json && !suberrorWords) return undefined;
  const details = ordered.map((a) =>
    a === 'auth-context' && authContexts.length > 0
      ? `${DETAILS[a]} (authentication context ${authContexts.join(', ')})`
      : DETAILS[a],
  );
  if (suberrorWords) details.push(suberrorWords);
  let summary: string;
  if (ordered.length > 0) {
    summary = `The provider asks for ${listOf(ordered.map((a) => PHRASES[a]))}. ${
      ordered.includes('blocked') && ordered.length === 1
        ? 'Only your administrator can change that.'
        : 'Sign in again to provide it.'
    }`;
  } else if (suberrorWords) {
    summary = suberrorWords;
  } else {
    summary = GENERIC;
  }
  return {
    asks: ordered,
    summary,
    details: details.length > 0 ? details : [GENERIC],
    ...(authContexts.length > 0 ? { authContexts } : {}),
  };
}

const ORDER: readonly ClaimsChallengeAsk[] = [
  'blocked',
  'password-change',
  'mfa-registration',
  'mfa',
  'auth-context',
  'compliant-device',
  'managed-device',
  'consent',
  'policy',
  'reauthenticate',
];

/** Each requested claim of the request's `id_token`, `access_token` and `userinfo` members. */
function claimRequests(request: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const member of ['access_token', 'id_token', 'userinfo']) {
    const claims = request[member];
    if (claims !== null && typeof claims === 'object' && !Array.isArray(claims))
      out.push(...Object.entries(claims as Record<string, unknown>));
  }
  return out;
}

/** The `value` / `values` of one claim request (OpenID Connect Core §5.5.1), as strings. */
function requestedValues(request: unknown): string[] {
  if (request === null || typeof request !== 'object') return [];
  const r = request as { value?: unknown; values?: unknown };
  const raw = Array.isArray(r.values)
    ? (r.values as unknown[])
    : r.value !== undefined
      ? [r.value]
      : [];
  return raw
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .flatMap((v) => String(v).split(/[\s,]+/))
    .filter(Boolean);
}

function isMfaValue(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'mfa' || v.endsWith('/multipleauthn') || v === 'multipleauthn';
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Why an account may not declare these client capabilities, or `undefined` when it may. Entra ID
 * only: `xms_cc` is Entra's claim, and other providers would receive a `claims` request they never
 * asked for (most ignore it, some refuse requests carrying `claims` when their metadata says
 * `claims_parameter_supported: false`). A person's flow only: TokenDock sends capabilities with a
 * person's sign-ins and refreshes, never with client credentials or on-behalf-of requests.
 */
export function clientCapabilitiesProblem(
  authorityKind: string,
  appOnlyFlow: boolean,
  capabilities: readonly string[] | undefined,
): string | undefined {
  if (!capabilities || capabilities.length === 0) return undefined;
  if (authorityKind !== 'entra')
    return 'Continuous access evaluation (client capability cp1) is a Microsoft Entra ID feature: turn it off for this provider.';
  if (appOnlyFlow)
    return 'Continuous access evaluation applies to accounts where a person signs in: turn it off for this flow.';
  return undefined;
}
