/** Public types of the sandbox OpenID provider (see `index.ts`). */

export interface SandboxOptions {
  /** Port on 127.0.0.1; default 0 (a random free port). */
  port?: number;
  /** Access token lifetime; default 3600. Tests use 5. */
  accessTokenTtlSeconds?: number;
  /** ID token lifetime; default 3600. */
  idTokenTtlSeconds?: number;
  /** Refresh token (and grant) lifetime; default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** Device code lifetime (`expires_in` of the device authorization response); default 600. */
  deviceCodeTtlSeconds?: number;
  /** The `interval` returned by the device authorization endpoint; default 5. */
  deviceIntervalSeconds?: number;
  /**
   * Default true. False turns the device flow (RFC 8628) off, as at providers that do not offer
   * it: no `device_authorization_endpoint` in the metadata and no device_code grant.
   */
  deviceFlow?: boolean;
  /**
   * Default false. True makes ID tokens issued with an access token lack the profile and e-mail
   * claims, as OpenID Connect Core §5.4 allows: clients read them from the UserInfo endpoint.
   * The password grant's ID tokens carry `sub` alone; oidc-provider's own grants (code, device,
   * refresh) follow its `conformIdTokenClaims`. A request for OpenID scopes alone, without a
   * resource, then gets an access token for the UserInfo endpoint, as at generic providers.
   */
  subjectOnlyIdTokens?: boolean;
  /** Default true: no oidc-provider console noise (notices, warnings, server errors). */
  silent?: boolean;
  /**
   * Serve over TLS, `https://127.0.0.1:<port>`, for clients that accept only https authorities
   * (MSAL). The server certificate (127.0.0.1, ::1, localhost) comes from a certificate authority
   * made at start; clients trust it through `caPem` or `caFile` (`NODE_EXTRA_CA_CERTS=<file>` for
   * Node). Default false: plain http.
   */
  https?: boolean;
  /** With `https`: where to write the CA certificate (PEM) before the server listens. */
  caFile?: string;
}

export interface SandboxUser {
  /** An email-like sign-in name, also the `preferred_username` claim. */
  username: string;
  /** Random per start. */
  password: string;
  sub: string;
  /** A GUID, as Entra's object id. */
  oid: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface SandboxClients {
  /** Public native client: code + PKCE (S256 required), refresh, device code, password. */
  native: { clientId: string; redirectUri: string };
  /** Confidential web client (`client_secret_basic`; a secret in the body is accepted too). */
  web: { clientId: string; clientSecret: string; redirectUri: string };
  /** `client_credentials` with `client_secret_basic`. */
  daemon: { clientId: string; clientSecret: string };
  /** `client_credentials` with `client_secret_post`. */
  daemonPost: { clientId: string; clientSecret: string };
  /**
   * `private_key_jwt` with a self-signed certificate made at start. Grants: client_credentials,
   * and also authorization_code + refresh_token at `redirectUri` (any loopback port), for trying
   * the confidential code flow with a certificate.
   */
  certDaemon: {
    clientId: string;
    privateKeyPem: string;
    certificatePem: string;
    /** Upper-case hex SHA-1 of the certificate DER, as the Azure portal and ADAL show it. */
    thumbprintSha1Hex: string;
    /** base64url SHA-256 of the certificate DER (the `x5t#S256` header value). */
    thumbprintSha256Base64Url: string;
    redirectUri: string;
  };
  /** On-behalf-of (`jwt-bearer`) and RFC 8693 token exchange, `client_secret_basic`. */
  middleTier: { clientId: string; clientSecret: string };
}

export interface SandboxResource {
  identifier: string;
  scopes: string[];
}

export interface SandboxResources {
  /** 'api://tokendock-sandbox', scopes api.read and api.write; the default resource. */
  api: SandboxResource;
  /** 'api://tokendock-middle', ['access_as_user']: a user's token for the middle tier API. */
  middleTier: SandboxResource;
  /** 'api://tokendock-downstream', ['data.read']: what on-behalf-of exchanges into. */
  downstream: SandboxResource;
}

/**
 * `status500`: 500 + `server_error`; `status429`: 429 + `Retry-After`; `html`: a proxy's 502 page;
 * `slow`: answers after `delayMs`; `truncatedJson`: 200 with half a body; `deviceSlowDown`: RFC 8628
 * `slow_down`. As independent providers and proxies answer: `basic401json`: 401 with
 * `WWW-Authenticate: Basic realm=…` and `{"error":"invalid_client"}`; `empty401` / `empty403`: the
 * status with no body; `html403`: a proxy's or firewall's 403 page; `oauth500`: 500 with a proper
 * OAuth error (`invalid_request` and a description).
 */
export type FaultKind =
  | 'status500'
  | 'status429'
  | 'html'
  | 'slow'
  | 'truncatedJson'
  | 'deviceSlowDown'
  | 'basic401json'
  | 'empty401'
  | 'empty403'
  | 'html403'
  | 'oauth500'
  /** Entra's Conditional Access refusal: `interaction_required` with `claims`, `suberror`. */
  | 'claimsChallenge';

export interface FaultSpec {
  kind: FaultKind;
  /** Request pathname to match exactly; default '/token'. */
  path?: string;
  /** How many matching requests to affect; default 1. */
  times?: number;
  /** `Retry-After` of status429; default 2. */
  retryAfterSeconds?: number;
  /** Delay of `slow`; default 5000. */
  delayMs?: number;
}

export interface TokenRequestRecord {
  /** Epoch ms. */
  at: number;
  /** The `grant_type` form field ('' when absent). */
  grantType: string;
  clientId?: string;
  /** Set when an injected fault answered (or, for `slow`, delayed) this request. */
  fault?: FaultKind;
}

export interface SandboxFaults {
  inject(spec: FaultSpec): void;
  clear(): void;
}

export interface SandboxProvider {
  issuer: string;
  port: number;
  /** A random GUID per start, in ID tokens and access tokens as `tid`. */
  tenantId: string;
  users: SandboxUser[];
  clients: SandboxClients;
  resources: SandboxResources;
  jwksUri: string;
  /** Test switches. Faults apply to the next `times` matching requests. */
  faults: SandboxFaults;
  /** Every POST that reached the token endpoint, in order; faulted ones carry `fault`. */
  tokenRequests: TokenRequestRecord[];
  /** In https mode: the certificate (PEM) of the CA that issued the server certificate. */
  caPem?: string;
  /** In https mode with `caFile`: where the CA certificate was written. */
  caFile?: string;
  /** Revoke every grant (and so every token) and session of a user, as an admin would. */
  revokeUserGrants(username: string): Promise<void>;
  close(): Promise<void>;
}
