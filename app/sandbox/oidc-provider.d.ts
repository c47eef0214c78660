/**
 * The parts of `oidc-provider` (v9, untyped JavaScript) that the sandbox uses, typed from its
 * source (`lib/provider.js`, `lib/models/*`, `lib/helpers/defaults.js`). Deliberately partial:
 * add members here when the sandbox starts using them.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JsonWebKey } from 'node:crypto';

  export type UnknownObject = Record<string, unknown>;

  /** A public or private JWK with the X.509 members oidc-provider keeps on client keys. */
  export interface SandboxJwk extends JsonWebKey {
    kid?: string;
    use?: string;
    alg?: string;
    x5c?: string[];
    x5t?: string;
    'x5t#S256'?: string;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    client_name?: string;
    application_type?: 'web' | 'native';
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    jwks?: { keys: SandboxJwk[] };
    scope?: string;
  }

  /** A registered client as oidc-provider's `Client` model exposes it (camelCased metadata). */
  export interface Client {
    readonly clientId: string;
    readonly clientName?: string;
    readonly applicationType: 'web' | 'native';
    readonly clientAuthMethod: string;
    readonly redirectUris: string[];
    readonly grantTypes: string[];
    readonly jwks?: { keys: SandboxJwk[] };
    grantTypeAllowed(type: string): boolean;
    redirectUriAllowed(value: string): boolean;
  }

  export interface ClientClass {
    readonly prototype: Client;
    find(id: string): Promise<Client | undefined>;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  }

  export interface ResourceServer extends ResourceServerInfo {
    readonly scopes: Set<string>;
    identifier(): string;
  }

  export interface ResourceServerClass {
    new (identifier: string, info: ResourceServerInfo): ResourceServer;
  }

  export interface Grant {
    readonly jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScopeFiltered(filter: Set<string>): string;
    getResourceScopeFiltered(resource: string, filter: Set<string>): string;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface GrantClass {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<(Grant & { exp?: number }) | undefined>;
  }

  /** Properties shared by the token models' constructors. */
  export interface TokenProperties {
    client: Client;
    accountId?: string;
    grantId?: string;
    gty?: string;
    scope?: string;
    expiresWithSession?: boolean;
  }

  interface IssuedToken {
    readonly jti: string;
    readonly clientId: string;
    readonly accountId?: string;
    readonly grantId?: string;
    readonly gty?: string;
    scope?: string;
    resourceServer?: ResourceServer;
    /** Lifetime in seconds (the `expires_in` to answer with). */
    readonly expiration: number;
    readonly tokenType: string;
    save(): Promise<string>;
  }

  export interface AccessToken extends IssuedToken {
    readonly kind: 'AccessToken';
  }

  export interface ClientCredentials extends IssuedToken {
    readonly kind: 'ClientCredentials';
  }

  export interface AccessTokenClass {
    new (properties: TokenProperties): AccessToken;
  }

  export interface RefreshToken {
    readonly kind: 'RefreshToken';
    save(): Promise<string>;
  }

  export interface RefreshTokenClass {
    new (properties: TokenProperties & { resource?: string; rotations?: number }): RefreshToken;
    /** The stored token of that value, with its expiry (`exp`, epoch seconds) and grant. */
    find(value: string): Promise<{ exp?: number; grantId?: string } | undefined>;
  }

  export interface IdToken {
    scope?: string;
    mask?: UnknownObject;
    rejected?: string[];
    issue(options: { use: 'idtoken' }): Promise<string>;
  }

  export interface IdTokenClass {
    new (claims: UnknownObject, options: { ctx: KoaContextWithOIDC }): IdToken;
  }

  /** The token models the JWT access token customizer is called with. */
  export type JwtAccessTokenSource = AccessToken | ClientCredentials;

  export interface JwtStructure {
    header?: UnknownObject;
    payload: UnknownObject;
  }

  export interface Account {
    accountId: string;
    claims(
      use: string,
      scope: string,
      claims: UnknownObject,
      rejected: string[],
    ): Promise<UnknownObject> | UnknownObject;
  }

  export interface PromptDetails {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  }

  export interface Interaction {
    readonly uid: string;
    readonly prompt: { name: string; reasons: string[]; details: PromptDetails };
    readonly params: UnknownObject;
    readonly session?: { accountId: string; uid?: string };
    readonly grantId?: string;
    readonly returnTo: string;
    readonly deviceCode?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
  }

  export interface OIDCContext {
    readonly provider: Provider;
    readonly client?: Client;
    readonly route?: string;
    readonly params?: Record<string, string | string[] | undefined>;
    readonly session?: { state?: { secret?: string } };
    urlFor(name: string, options?: UnknownObject): string;
    entity(key: string, value: unknown): void;
  }

  /** The Koa context oidc-provider hands to middleware and configuration functions. */
  export interface KoaContextWithOIDC {
    readonly oidc: OIDCContext;
    readonly path: string;
    readonly method: string;
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    status: number;
    body: unknown;
    type: string;
    get(field: string): string;
    set(field: string, value: string): void;
  }

  export type KoaMiddleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export interface AdapterPayload extends UnknownObject {
    jti?: string;
    kind?: string;
    grantId?: string;
    userCode?: string;
    uid?: string;
    accountId?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** Error output as oidc-provider renders it (`error`, `error_description`, …). */
  export type ErrorOut = Record<string, string>;

  export type TtlFunction = (ctx: KoaContextWithOIDC | undefined, ...rest: unknown[]) => number;

  export interface Configuration {
    adapter?: (modelName: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: SandboxJwk[] };
    cookies?: { keys?: string[] };
    claims?: Record<string, string[] | null>;
    scopes?: string[];
    responseTypes?: string[];
    conformIdTokenClaims?: boolean;
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    findAccount?: (
      ctx: KoaContextWithOIDC,
      sub: string,
      token?: unknown,
    ) => Promise<Account | undefined>;
    interactions?: { url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => string };
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      introspection?: { enabled: boolean };
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (
          ctx: KoaContextWithOIDC,
          client: Client,
          token: { clientId: string },
        ) => Promise<boolean>;
      };
      userinfo?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?: (ctx: KoaContextWithOIDC, form: string) => Promise<void>;
        postLogoutSuccessSource?: (ctx: KoaContextWithOIDC) => Promise<void>;
      };
      deviceFlow?: {
        enabled: boolean;
        charset?: 'base-20' | 'digits';
        mask?: string;
        userCodeInputSource?: (
          ctx: KoaContextWithOIDC,
          form: string,
          out?: ErrorOut,
          err?: Error & { userCode?: string },
        ) => Promise<void>;
        userCodeConfirmSource?: (
          ctx: KoaContextWithOIDC,
          form: string,
          client: Client,
          deviceInfo: UnknownObject,
          userCode: string,
        ) => Promise<void>;
        successSource?: (ctx: KoaContextWithOIDC) => Promise<void>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (
          ctx: KoaContextWithOIDC,
          client: Client,
          oneOf?: string[],
        ) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (
          ctx: KoaContextWithOIDC,
          resourceIndicator: string,
          client: Client,
        ) => Promise<ResourceServerInfo>;
      };
    };
    formats?: {
      customizers?: {
        jwt?: (
          ctx: KoaContextWithOIDC | undefined,
          token: JwtAccessTokenSource,
          jwt: JwtStructure,
        ) => Promise<void> | void;
      };
    };
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: Client) => boolean };
    rotateRefreshToken?: boolean;
    issueRefreshToken?: (
      ctx: KoaContextWithOIDC,
      client: Client,
      source: { scopes: Set<string> },
    ) => Promise<boolean>;
    ttl?: Record<string, number | TtlFunction>;
    renderError?: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => Promise<void>;
    assertJwtClientAuthClaimsAndHeader?: (
      ctx: KoaContextWithOIDC,
      claims: UnknownObject,
      header: UnknownObject,
      client: Client,
    ) => Promise<void>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Client: ClientClass;
    readonly Grant: GrantClass;
    readonly AccessToken: AccessTokenClass;
    readonly RefreshToken: RefreshTokenClass;
    readonly IdToken: IdTokenClass;
    readonly ResourceServer: ResourceServerClass;
    /** Koa's request listener for `node:http`. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    /** Adds a Koa middleware in front of oidc-provider's router. */
    use(middleware: KoaMiddleware): this;
    registerGrantType(
      name: string,
      handler: (ctx: KoaContextWithOIDC) => Promise<void>,
      params?: string | string[],
      dupes?: string | string[],
    ): void;
    pathFor(name: string): string;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'server_error', listener: (ctx: KoaContextWithOIDC, error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      error_detail?: string;
      status: number;
      statusCode: number;
      expose: boolean;
    }
    class InvalidGrant extends OIDCProviderError {
      constructor(detail?: string);
    }
    class InvalidClientAuth extends OIDCProviderError {
      constructor(detail?: string);
    }
    class InvalidRequest extends OIDCProviderError {
      constructor(description?: string, code?: number);
    }
    class InvalidScope extends OIDCProviderError {
      constructor(description: string, scope?: string);
    }
    class InvalidTarget extends OIDCProviderError {
      constructor(description?: string);
    }
    class AccessDenied extends OIDCProviderError {
      constructor(description?: string);
    }
  }

  export default Provider;
}
