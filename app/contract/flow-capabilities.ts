import type { FlowKind } from './accounts';

/**
 * Whether a provider offers what a flow needs, judged from its metadata (RFC 8414 §2, OpenID
 * Connect Discovery 1.0 §3). Pure and free of Node, so the engine (which refuses the account) and
 * the add-account form (which can explain after its discovery) share one rule.
 */

/** The part of a provider's metadata the rule reads. Anything else is ignored. */
export interface ProviderCapabilities {
  authorization_endpoint?: unknown;
  device_authorization_endpoint?: unknown;
  grant_types_supported?: unknown;
  response_types_supported?: unknown;
}

/** Grant type identifiers (RFC 6749 §4, RFC 8628 §3.4, RFC 7523 §2.1, RFC 8693 §2.1). */
export const GRANT_TYPES = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
  password: 'password',
  clientCredentials: 'client_credentials',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const;

export interface CapabilityProblem {
  /** The form field the problem belongs to. */
  field: 'flow' | 'refreshToken';
  /** What is missing: the metadata field or the grant type identifier. */
  missing: string;
  message: string;
}

export interface CapabilityOptions {
  /**
   * The provider is Microsoft Entra ID. Its documents have no `grant_types_supported` today, and
   * Entra serves grants that its documents never name (the password grant, jwt-bearer
   * on-behalf-of, v1's device code through TokenDock's shim): a list appearing there would not be
   * complete, so for Entra only the endpoints are judged.
   */
  entra?: boolean;
}

/** What each flow needs: an endpoint (when it has its own) and one of its grant type names. */
interface Need {
  /** The flow, in words for the message. */
  words: string;
  endpoint?: 'authorization_endpoint' | 'device_authorization_endpoint';
  /** Any one of these in `grant_types_supported` will do. */
  grants: readonly string[];
}

const NEEDS: Record<FlowKind, Need> = {
  authorization_code: {
    words: 'the authorization code flow',
    endpoint: 'authorization_endpoint',
    grants: [GRANT_TYPES.authorizationCode],
  },
  device_code: {
    words: 'the device code flow',
    endpoint: 'device_authorization_endpoint',
    // AD FS lists the short `device_code` next to the URN.
    grants: [GRANT_TYPES.deviceCode, 'device_code'],
  },
  password: { words: 'the password grant', grants: [GRANT_TYPES.password] },
  client_credentials: {
    words: 'the client credentials grant',
    grants: [GRANT_TYPES.clientCredentials],
  },
  on_behalf_of: {
    words: 'on-behalf-of (jwt-bearer) or token exchange',
    grants: [GRANT_TYPES.jwtBearer, GRANT_TYPES.tokenExchange],
  },
};

/**
 * Says what the provider's metadata shows to be missing for `flow`, or `undefined` when nothing
 * is known to be missing.
 *
 * - An endpoint the flow needs (the authorization endpoint, the device authorization endpoint)
 *   must be in the metadata: openid-client takes it from there and from nowhere else, so without
 *   it the flow cannot run whatever the provider serves.
 * - `grant_types_supported` is OPTIONAL (RFC 8414 §2). When absent it formally means
 *   `["authorization_code", "implicit"]`, but providers that omit it (Entra among them) serve other
 *   grants too, so an absent list refuses nothing: only a list that is present and leaves the
 *   grant out does. For Entra (`options.entra`) the list is not judged at all (see
 *   {@link CapabilityOptions.entra}).
 * - A grant named under `response_types_supported` counts as listed: glewlwyd 2.7 publishes
 *   `password`, `client_credentials` and `refresh_token` there (and not in
 *   `grant_types_supported`) while serving them, and a rule that refused it would keep its users
 *   from adding those accounts at all.
 */
export function flowCapabilityProblem(
  flow: FlowKind,
  metadata: ProviderCapabilities,
  options: CapabilityOptions = {},
): CapabilityProblem | undefined {
  const need = NEEDS[flow];
  if (need.endpoint && !nonEmptyString(metadata[need.endpoint])) {
    return {
      field: 'flow',
      missing: need.endpoint,
      message: `This provider does not offer ${need.words} (no ${need.endpoint} in its metadata).`,
    };
  }
  if (options.entra) return undefined;
  const grants = metadata.grant_types_supported;
  if (!Array.isArray(grants)) return undefined;
  const responses = Array.isArray(metadata.response_types_supported)
    ? metadata.response_types_supported
    : [];
  const listed = [...grants, ...responses];
  if (need.grants.some((grant) => listed.includes(grant))) return undefined;
  const first = need.grants[0]!;
  const names = flow === 'on_behalf_of' ? need.grants.join(' or ') : first;
  return {
    field: 'flow',
    missing: first,
    message: `This provider does not offer ${need.words} (its grant_types_supported does not list ${names}).`,
  };
}

/**
 * Says whether the provider's metadata shows that it does not take refresh tokens
 * (`refresh_token` absent from a `grant_types_supported` that is present; glewlwyd's
 * `response_types_supported` counts, as above), for an account added from a refresh token the
 * person holds. As for {@link flowCapabilityProblem}, an absent list refuses nothing and Entra's
 * is not judged.
 */
export function refreshGrantCapabilityProblem(
  metadata: ProviderCapabilities,
  options: CapabilityOptions = {},
): CapabilityProblem | undefined {
  if (options.entra || !Array.isArray(metadata.grant_types_supported)) return undefined;
  const responses = Array.isArray(metadata.response_types_supported)
    ? metadata.response_types_supported
    : [];
  if ([...metadata.grant_types_supported, ...responses].includes(GRANT_TYPES.refreshToken))
    return undefined;
  return {
    field: 'refreshToken',
    missing: GRANT_TYPES.refreshToken,
    message: `This provider does not take refresh tokens (its grant_types_supported does not list ${GRANT_TYPES.refreshToken}).`,
  };
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
