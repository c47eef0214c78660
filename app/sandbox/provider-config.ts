import { randomBytes } from 'node:crypto';
import type { Configuration } from 'oidc-provider';

import { createAccessTokenCustomizer } from './access-token-claims';
import { createCertificateThumbprintCheck } from './client-assertion';
import type { ClientRegistry } from './clients';
import { successSource, userCodeConfirmSource, userCodeInputSource } from './device-pages';
import type { MemoryStore } from './memory-store';
import { OIDC_SCOPES } from './issue-tokens';
import { errors } from './oidc-provider-runtime';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages';
import type { ResourceCatalog } from './resources';
import type { ProviderSigningKeys } from './signing-keys';
import { CLAIMS_BY_SCOPE } from './users';
import type { UserDirectory } from './users';

/** Lifetimes in seconds. */
export interface SandboxLifetimes {
  accessToken: number;
  idToken: number;
  refreshToken: number;
  deviceCode: number;
}

export interface ConfigurationParts {
  lifetimes: SandboxLifetimes;
  keys: ProviderSigningKeys;
  registry: ClientRegistry;
  users: UserDirectory;
  catalog: ResourceCatalog;
  store: MemoryStore;
  tenantId: string;
  /** The device flow (RFC 8628); default on. */
  deviceFlow?: boolean;
  /** ID tokens without profile claims (those come from userinfo), see `SandboxOptions`. */
  subjectOnlyIdTokens?: boolean;
}

function isLoopbackOrigin(origin: string): boolean {
  const url = URL.parse(origin);
  return url?.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/**
 * oidc-provider's configuration for the sandbox. Every function oidc-provider would otherwise
 * default (and print a notice about) is given, so a start is quiet.
 */
export function buildConfiguration(parts: ConfigurationParts): Configuration {
  const { lifetimes, registry, users, catalog } = parts;
  return {
    adapter: parts.store.adapterFactory,
    clients: registry.metadata,
    jwks: parts.keys.privateJwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: CLAIMS_BY_SCOPE,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // The code flow only (no implicit or hybrid): what TokenDock uses, RFC 9700 §2.1.2.
    responseTypes: ['code'],
    // ID tokens carry the profile claims even when an access token is issued too, unless the
    // sandbox is asked for ID tokens without them (the claims then come from userinfo only).
    conformIdTokenClaims: parts.subjectOnlyIdTokens ?? false,
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    findAccount: async (_ctx, sub) => users.account(sub),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      deviceFlow: {
        enabled: parts.deviceFlow ?? true,
        userCodeInputSource,
        userCodeConfirmSource,
        successSource,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx, _client, oneOf) => {
          const scopes = String(ctx.oidc.params?.scope ?? '').split(' ');
          // With ID tokens without profile claims, OpenID scopes alone get an access token for
          // userinfo, as at generic providers.
          if (
            parts.subjectOnlyIdTokens &&
            !oneOf &&
            scopes.every((scope) => !scope || OIDC_SCOPES.has(scope))
          )
            return undefined;
          const preferred = catalog.defaultFor(scopes);
          if (oneOf) return oneOf.includes(preferred) ? preferred : oneOf[0];
          return preferred;
        },
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => catalog.serverInfo(resource),
      },
    },
    formats: {
      customizers: { jwt: createAccessTokenCustomizer(parts.tenantId, users, registry) },
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, source) =>
      client.grantTypeAllowed('refresh_token') && source.scopes.has('offline_access'),
    ttl: {
      AccessToken: lifetimes.accessToken,
      ClientCredentials: lifetimes.accessToken,
      IdToken: lifetimes.idToken,
      RefreshToken: lifetimes.refreshToken,
      Grant: lifetimes.refreshToken,
      Session: lifetimes.refreshToken,
      DeviceCode: lifetimes.deviceCode,
      AuthorizationCode: 60,
      Interaction: 3600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    renderError,
    assertJwtClientAuthClaimsAndHeader: createCertificateThumbprintCheck(registry),
  };
}
