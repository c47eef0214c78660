import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientMetadata, SandboxJwk } from 'oidc-provider';

import type { SelfSignedCertificate } from './certificate';
import type { SandboxClients } from './types';

/** Grant type identifiers (RFC 6749 §4, RFC 8628 §3.4, RFC 7523 §2.1, RFC 8693 §2.1). */
export const GRANT = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
  clientCredentials: 'client_credentials',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  password: 'password',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const;

const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';
/** Also registered, so an IPv6 loopback listener works too (RFC 8252 §7.3). */
const LOOPBACK_REDIRECT_V6 = 'http://[::1]/callback';

/** What each client is, beyond its oidc-provider metadata. */
export interface ClientRegistry {
  clients: SandboxClients;
  metadata: ClientMetadata[];
  /** Clients that may use their loopback redirect URIs on any port (native ones already do). */
  anyLoopbackPort: Set<string>;
  /** App roles put in client-credentials tokens as `roles`, as Entra does. */
  appRoles: Map<string, string[]>;
  /** A stable object id per client, the `oid` of its app-only tokens. */
  appObjectIds: Map<string, string>;
  /** For each certificate client, the certificate thumbprints an assertion must name. */
  certificateThumbprints: Map<string, { x5t: string; x5tS256: string }>;
  /**
   * Certificate clients whose assertions must have the token endpoint as `aud`, as independent
   * providers (glewlwyd) and Entra insist; oidc-provider alone also takes the issuer.
   */
  tokenEndpointAudienceOnly: Set<string>;
}

/**
 * A second client of the certificate of `certDaemon` (same key, same thumbprints, client
 * credentials only) that refuses an assertion whose `aud` is not the token endpoint (the issuer
 * included), as independent providers do. Not in `SandboxClients`: use `certDaemon`'s key.
 */
export const STRICT_AUDIENCE_CERT_CLIENT_ID = 'tokendock-cert-daemon-strict-aud';

const secret = () => randomBytes(32).toString('base64url');

/** How each client authenticates and what it may do, in words (for the console summary). */
export const CLIENT_PROFILES: Record<keyof SandboxClients, { authMethod: string; grants: string }> =
  {
    native: {
      authMethod: 'none (public)',
      grants: 'authorization_code (PKCE S256), refresh_token, device_code, password',
    },
    web: { authMethod: 'client_secret_basic', grants: 'authorization_code, refresh_token' },
    daemon: { authMethod: 'client_secret_basic', grants: 'client_credentials' },
    daemonPost: { authMethod: 'client_secret_post', grants: 'client_credentials' },
    certDaemon: {
      authMethod: 'private_key_jwt',
      grants: 'client_credentials, authorization_code, refresh_token',
    },
    middleTier: {
      authMethod: 'client_secret_basic',
      grants: 'jwt-bearer (on-behalf-of), token-exchange',
    },
  };

/** The sandbox's clients (metadata as in RFC 7591 §2), with fresh secrets each start. */
export function createClients(certificate: SelfSignedCertificate): ClientRegistry {
  const clients: SandboxClients = {
    native: { clientId: 'tokendock-native', redirectUri: LOOPBACK_REDIRECT },
    web: { clientId: 'tokendock-web', clientSecret: secret(), redirectUri: LOOPBACK_REDIRECT },
    daemon: { clientId: 'tokendock-daemon', clientSecret: secret() },
    daemonPost: { clientId: 'tokendock-daemon-post', clientSecret: secret() },
    certDaemon: {
      clientId: 'tokendock-cert-daemon',
      privateKeyPem: certificate.privateKeyPem,
      certificatePem: certificate.certificatePem,
      thumbprintSha1Hex: certificate.thumbprintSha1Hex,
      thumbprintSha256Base64Url: certificate.x5tS256,
      redirectUri: LOOPBACK_REDIRECT,
    },
    middleTier: { clientId: 'tokendock-middle-tier', clientSecret: secret() },
  };

  const certificateJwk: SandboxJwk = {
    ...certificate.publicKey.export({ format: 'jwk' }),
    use: 'sig',
    kid: certificate.x5t,
    x5c: [certificate.derBase64],
    x5t: certificate.x5t,
    'x5t#S256': certificate.x5tS256,
  };
  const redirects = [LOOPBACK_REDIRECT, LOOPBACK_REDIRECT_V6];
  const appOnly = { response_types: [], redirect_uris: [] };

  const metadata: ClientMetadata[] = [
    {
      client_id: clients.native.clientId,
      client_name: 'TokenDock (native)',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: redirects,
      response_types: ['code'],
      grant_types: [GRANT.authorizationCode, GRANT.refreshToken, GRANT.deviceCode, GRANT.password],
    },
    {
      client_id: clients.web.clientId,
      client_secret: clients.web.clientSecret,
      client_name: 'TokenDock (web)',
      application_type: 'web',
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: redirects,
      response_types: ['code'],
      grant_types: [GRANT.authorizationCode, GRANT.refreshToken],
    },
    {
      client_id: clients.daemon.clientId,
      client_secret: clients.daemon.clientSecret,
      client_name: 'TokenDock daemon (secret, basic)',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [GRANT.clientCredentials],
      ...appOnly,
    },
    {
      client_id: clients.daemonPost.clientId,
      client_secret: clients.daemonPost.clientSecret,
      client_name: 'TokenDock daemon (secret, post)',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: [GRANT.clientCredentials],
      ...appOnly,
    },
    {
      client_id: clients.certDaemon.clientId,
      client_name: 'TokenDock daemon (certificate)',
      application_type: 'web',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [certificateJwk] },
      redirect_uris: redirects,
      response_types: ['code'],
      grant_types: [GRANT.clientCredentials, GRANT.authorizationCode, GRANT.refreshToken],
    },
    {
      client_id: STRICT_AUDIENCE_CERT_CLIENT_ID,
      client_name: 'TokenDock daemon (certificate, audience = token endpoint only)',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [certificateJwk] },
      grant_types: [GRANT.clientCredentials],
      ...appOnly,
    },
    {
      client_id: clients.middleTier.clientId,
      client_secret: clients.middleTier.clientSecret,
      client_name: 'TokenDock middle tier',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [GRANT.jwtBearer, GRANT.tokenExchange],
      ...appOnly,
    },
  ];

  const dataReader = ['Data.Read.All'];
  return {
    clients,
    metadata,
    anyLoopbackPort: new Set([clients.web.clientId, clients.certDaemon.clientId]),
    appRoles: new Map([
      [clients.daemon.clientId, dataReader],
      [clients.daemonPost.clientId, dataReader],
      [clients.certDaemon.clientId, ['Data.Read.All', 'Data.Write.All']],
      [STRICT_AUDIENCE_CERT_CLIENT_ID, dataReader],
    ]),
    appObjectIds: new Map(metadata.map(({ client_id }) => [client_id, randomUUID()])),
    certificateThumbprints: new Map([
      [clients.certDaemon.clientId, { x5t: certificate.x5t, x5tS256: certificate.x5tS256 }],
      [STRICT_AUDIENCE_CERT_CLIENT_ID, { x5t: certificate.x5t, x5tS256: certificate.x5tS256 }],
    ]),
    tokenEndpointAudienceOnly: new Set([STRICT_AUDIENCE_CERT_CLIENT_ID]),
  };
}
