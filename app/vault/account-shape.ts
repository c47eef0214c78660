import type { AccountRecord, ClientAuthConfig } from '../accounts/types';
import {
  ASSERTION_AUDIENCES,
  type AssertionAlgorithm,
  FLOW_KINDS,
  SECRET_METHOD_CHOICES,
} from '../contract/accounts';
import { ENTRA_CLOUD_NAMES } from '../contract/authority';
import { CLIENT_CAPABILITIES, decodeClaimsChallenge } from '../contract/claims-challenge';
import { isFiniteNumber, isKeyOf, isOptionalString, isRecord, isStringArray } from './shape-guards';

const FLOWS: readonly unknown[] = FLOW_KINDS;
const CLOUDS: readonly unknown[] = ENTRA_CLOUD_NAMES;
const SECRET_METHODS: readonly unknown[] = SECRET_METHOD_CHOICES;
const AUDIENCES: readonly unknown[] = ASSERTION_AUDIENCES;
const CAPABILITIES: readonly unknown[] = CLIENT_CAPABILITIES;
const ALGORITHMS: Record<AssertionAlgorithm, true> = { RS256: true, PS256: true };
const SIGN_IN_MODES: Record<AccountRecord['signInMode'], true> = {
  embedded: true,
  'system-browser': true,
};

/**
 * Why `value` is not a well-formed stored account, or `undefined` when it is. Checks what the
 * engine relies on; fields added by later versions are left alone.
 */
export function accountShapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  if (typeof value.id !== 'string' || value.id === '') return 'id is not a non-empty string';
  if (typeof value.name !== 'string') return 'name is not a string';
  if (typeof value.clientId !== 'string') return 'clientId is not a string';
  if (!FLOWS.includes(value.flow)) return 'flow is not a known flow';
  if (!isKeyOf(SIGN_IN_MODES, value.signInMode)) return 'signInMode is not known';
  if (!isOptionalString(value.redirectUri)) return 'redirectUri is not a string';
  if (!isOptionalString(value.username)) return 'username is not a string';
  if (!isFiniteNumber(value.createdOn) || !isFiniteNumber(value.updatedOn)) {
    return 'createdOn / updatedOn are not numbers';
  }
  const authority = authorityProblem(value.authority);
  if (authority !== undefined) return `authority: ${authority}`;
  if (!isClientAuth(value.clientAuth)) return 'clientAuth is not well-formed';
  if (value.identity !== undefined && !isIdentity(value.identity)) {
    return 'identity is not well-formed';
  }
  if (value.assertionFrom !== undefined && !isTargetReference(value.assertionFrom)) {
    return 'assertionFrom is not well-formed';
  }
  if (
    value.refreshTokenBinding !== undefined &&
    !isRefreshTokenBinding(value.refreshTokenBinding)
  ) {
    return 'refreshTokenBinding is not well-formed';
  }
  if (
    value.clientCapabilities !== undefined &&
    !(
      Array.isArray(value.clientCapabilities) &&
      value.clientCapabilities.every((c) => CAPABILITIES.includes(c))
    )
  ) {
    return 'clientCapabilities is not a list of known capabilities';
  }
  if (value.claimsChallenge !== undefined && !isClaimsChallenge(value.claimsChallenge)) {
    return 'claimsChallenge is not well-formed';
  }
  if (value.refreshTokenLife !== undefined && !isRefreshTokenLife(value.refreshTokenLife)) {
    return 'refreshTokenLife is not well-formed';
  }
  if (!Array.isArray(value.targets)) return 'targets is not an array';
  const badTarget = value.targets.findIndex((target) => targetProblem(target) !== undefined);
  if (badTarget >= 0) {
    return `targets[${badTarget}]: ${targetProblem(value.targets[badTarget]) ?? ''}`;
  }
  return undefined;
}

function authorityProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  switch (value.kind) {
    case 'entra':
      if (typeof value.tenant !== 'string') return 'tenant is not a string';
      if (!CLOUDS.includes(value.cloud)) return 'cloud is not known';
      if (value.version !== 'v1' && value.version !== 'v2') return 'version is not v1 or v2';
      return undefined;
    case 'oidc':
      return typeof value.issuer === 'string' ? undefined : 'issuer is not a string';
    case 'sandbox':
      return undefined;
    default:
      return 'kind is not known';
  }
}

function isClientAuth(value: unknown): value is ClientAuthConfig {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'none':
      return true;
    case 'secret':
      return SECRET_METHODS.includes(value.method);
    case 'certificate':
      // `audience` and `sendChain` came later: records without them keep the defaults.
      return (
        isKeyOf(ALGORITHMS, value.algorithm) &&
        isOptionalString(value.certificatePem) &&
        isOptionalString(value.thumbprintSha1Hex) &&
        (value.audience === undefined || AUDIENCES.includes(value.audience)) &&
        (value.sendChain === undefined || typeof value.sendChain === 'boolean')
      );
    default:
      return false;
  }
}

function isIdentity(value: unknown): boolean {
  return isRecord(value) && typeof value.identityProvider === 'string';
}

/** A pending claims challenge: a claims request (JSON object text), when, and what came with it. */
function isClaimsChallenge(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.claims === 'string' &&
    decodeClaimsChallenge(value.claims) !== undefined &&
    isFiniteNumber(value.receivedOn) &&
    isOptionalString(value.suberror) &&
    isOptionalString(value.targetId) &&
    (value.errorCodes === undefined ||
      (Array.isArray(value.errorCodes) && value.errorCodes.every((c) => Number.isInteger(c))))
  );
}

function isTargetReference(value: unknown): boolean {
  return (
    isRecord(value) && typeof value.accountId === 'string' && typeof value.targetId === 'string'
  );
}

function isRefreshTokenBinding(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.tokenEndpoint === 'string' &&
    typeof value.clientId === 'string' &&
    isOptionalString(value.subject)
  );
}

function targetProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  if (typeof value.id !== 'string' || value.id === '') return 'id is not a non-empty string';
  if (typeof value.label !== 'string') return 'label is not a string';
  if (!isOptionalString(value.curlUrl)) return 'curlUrl is not a string';
  const target = value.target;
  if (!isRecord(target)) return 'target is not an object';
  if (target.kind === 'scopes') {
    if (!isStringArray(target.scopes)) return 'target.scopes is not a list of strings';
  } else if (target.kind === 'resource') {
    if (typeof target.resource !== 'string') return 'target.resource is not a string';
    if (target.scopes !== undefined && !isStringArray(target.scopes)) {
      return 'target.scopes is not a list of strings';
    }
  } else {
    return 'target.kind is not known';
  }
  if (value.token !== undefined && !isTokenMeta(value.token)) return 'token is not well-formed';
  return undefined;
}

function isTokenMeta(value: unknown): boolean {
  return (
    isRecord(value) &&
    isFiniteNumber(value.expiresOn) &&
    isFiniteNumber(value.expiresIn) &&
    isFiniteNumber(value.acquiredOn) &&
    typeof value.scope === 'string' &&
    isOptionalString(value.resource) &&
    typeof value.hasRefreshToken === 'boolean' &&
    (value.extExpiresOn === undefined || isFiniteNumber(value.extExpiresOn)) &&
    (value.refreshOn === undefined || isFiniteNumber(value.refreshOn))
  );
}

/** What is known of a refresh token's life: times as numbers, `rotates` a boolean, all else absent. */
function isRefreshTokenLife(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const times = ['issuedOn', 'expiresOn', 'lastUsedOn', 'lastSignInOn', 'remindedFor'];
  if (!Object.keys(value).every((key) => times.includes(key) || key === 'rotates')) return false;
  if (!isFiniteNumber(value.issuedOn) || !isFiniteNumber(value.lastUsedOn)) return false;
  for (const key of ['expiresOn', 'lastSignInOn', 'remindedFor'])
    if (value[key] !== undefined && !isFiniteNumber(value[key])) return false;
  return value.rotates === undefined || typeof value.rotates === 'boolean';
}
