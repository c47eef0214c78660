import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { createSelfSignedCertificate } from './certificate';
import { createClients, GRANT } from './clients';
import {
  createOnBehalfOfGrant,
  createTokenExchangeGrant,
  JWT_BEARER_PARAMS,
  TOKEN_EXCHANGE_PARAMS,
} from './delegation-grants';
import { refreshTokenLifetime } from './refresh-token-lifetime';
import { deviceAuthorizationExtras } from './device-interval';
import { FaultSwitchboard } from './faults';
import { createFrontHandler } from './front-handler';
import { createSandboxTls, type SandboxTls } from './https';
import { InteractionRoutes } from './interaction-routes';
import { allowAnyLoopbackPort } from './loopback-redirects';
import { MemoryStore } from './memory-store';
import { Provider } from './oidc-provider-runtime';
import { createPasswordGrant, PASSWORD_GRANT_PARAMS } from './password-grant';
import { buildConfiguration } from './provider-config';
import type { SandboxLifetimes } from './provider-config';
import { createResources, ResourceCatalog } from './resources';
import { createSigningKeys } from './signing-keys';
import type { SandboxOptions, SandboxProvider, TokenRequestRecord } from './types';
import { createDemoUsers, UserDirectory } from './users';

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return resolved;
}

function resolveOptions(options: SandboxOptions) {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(options.port)}`);
  }
  const lifetimes: SandboxLifetimes = {
    accessToken: positiveInteger('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 3600),
    idToken: positiveInteger('idTokenTtlSeconds', options.idTokenTtlSeconds, 3600),
    refreshToken: positiveInteger(
      'refreshTokenTtlSeconds',
      options.refreshTokenTtlSeconds,
      FOURTEEN_DAYS,
    ),
    deviceCode: positiveInteger('deviceCodeTtlSeconds', options.deviceCodeTtlSeconds, 600),
  };
  const interval = positiveInteger('deviceIntervalSeconds', options.deviceIntervalSeconds, 5);
  if (options.caFile !== undefined && !options.https) {
    throw new RangeError('caFile needs https: true (a plain http sandbox has no CA)');
  }
  return {
    port,
    lifetimes,
    interval,
    silent: options.silent ?? true,
    https: options.https ?? false,
    caFile: options.caFile,
    deviceFlow: options.deviceFlow ?? true,
    subjectOnlyIdTokens: options.subjectOnlyIdTokens ?? false,
  };
}

/**
 * The host name in the issuer. The server listens on 127.0.0.1 either way; `localhost` gives an
 * issuer such as `http://localhost:<port>`, as Keycloak and most development providers have.
 */
export interface SandboxIssuerHost {
  issuerHost?: '127.0.0.1' | 'localhost';
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts a real OpenID provider (panva's oidc-provider) on `http://127.0.0.1:<port>` with fresh
 * signing keys, client secrets, certificate, tenant id and user passwords: the authorization code
 * flow with PKCE (RFC 7636), refresh tokens with rotation, revocation (RFC 7009), the device flow
 * (RFC 8628), client credentials with secrets or a certificate (RFC 7523), the password grant
 * (RFC 6749 §4.3), on-behalf-of and token exchange (RFC 8693), JWT access tokens (RFC 9068) for
 * resource indicators (RFC 8707), and fault switches for tests.
 *
 * With `https: true` the same provider is served on `https://127.0.0.1:<port>` instead, with a
 * server certificate from a certificate authority made at start (`caPem`, and `caFile` when
 * asked), for clients that accept only https authorities (MSAL).
 */
export async function startSandbox(
  options: SandboxOptions & SandboxIssuerHost = {},
): Promise<SandboxProvider> {
  const settings = { ...resolveOptions(options), issuerHost: options.issuerHost ?? '127.0.0.1' };
  if (settings.issuerHost !== '127.0.0.1' && settings.issuerHost !== 'localhost') {
    throw new RangeError(
      `issuerHost must be 127.0.0.1 or localhost, got ${String(options.issuerHost)}`,
    );
  }
  const tls = settings.https ? await createSandboxTls() : undefined;
  if (tls && settings.caFile !== undefined) await writeFile(settings.caFile, tls.caPem);
  const server = tls
    ? createHttpsServer({ key: tls.privateKeyPem, cert: tls.certificatePem })
    : createServer();
  const port = await listen(server, settings.port);
  try {
    return await assemble(server, port, settings, tls);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

async function assemble(
  server: Server,
  port: number,
  settings: ReturnType<typeof resolveOptions> & Required<SandboxIssuerHost>,
  tls: SandboxTls | undefined,
): Promise<SandboxProvider> {
  const issuer = `${tls ? 'https' : 'http'}://${settings.issuerHost}:${port}`;
  const tenantId = randomUUID();
  const users = createDemoUsers();
  const directory = new UserDirectory(users, tenantId);
  const [keys, certificate] = await Promise.all([
    createSigningKeys(),
    createSelfSignedCertificate('TokenDock Sandbox Daemon'),
  ]);
  const registry = createClients(certificate);
  if (!settings.deviceFlow) {
    // oidc-provider refuses clients with a grant it does not serve.
    for (const client of registry.metadata)
      client.grant_types = client.grant_types?.filter((grant) => grant !== GRANT.deviceCode);
  }
  const resources = createResources();
  const catalog = new ResourceCatalog(resources, settings.lifetimes.accessToken);
  const store = new MemoryStore();

  const provider = new Provider(
    issuer,
    buildConfiguration({
      lifetimes: settings.lifetimes,
      keys,
      registry,
      users: directory,
      catalog,
      store,
      tenantId,
      deviceFlow: settings.deviceFlow,
      subjectOnlyIdTokens: settings.subjectOnlyIdTokens,
    }),
  );
  allowAnyLoopbackPort(provider.Client, registry.anyLoopbackPort);
  provider.registerGrantType(
    GRANT.password,
    createPasswordGrant(provider, directory, catalog, {
      subjectOnlyIdTokens: settings.subjectOnlyIdTokens,
    }),
    PASSWORD_GRANT_PARAMS,
  );
  const delegation = {
    provider,
    users: directory,
    catalog,
    keys,
    middleTier: resources.middleTier,
    downstream: resources.downstream,
  };
  provider.registerGrantType(GRANT.jwtBearer, createOnBehalfOfGrant(delegation), JWT_BEARER_PARAMS);
  provider.registerGrantType(
    GRANT.tokenExchange,
    createTokenExchangeGrant(delegation),
    TOKEN_EXCHANGE_PARAMS,
  );
  provider.use(refreshTokenLifetime(provider, provider.pathFor('token')));
  if (settings.deviceFlow) {
    provider.use(
      deviceAuthorizationExtras(provider.pathFor('device_authorization'), settings.interval),
    );
  }

  const report = (error: unknown) => {
    if (!settings.silent) console.error('[sandbox] server error:', error);
  };
  provider.on('server_error', (_ctx, error) => report(error));
  // Listening replaces Koa's default error printer (it would print even when silent).
  provider.on('error', (error) => report(error));

  const faults = new FaultSwitchboard();
  const tokenRequests: TokenRequestRecord[] = [];
  const front = createFrontHandler({
    provider: provider.callback(),
    interactions: new InteractionRoutes(provider, directory),
    faults,
    tokenRequests,
    tokenPath: provider.pathFor('token'),
    onError: report,
  });
  server.on('request', front.listener);

  let closing: Promise<void> | undefined;
  return {
    issuer,
    port,
    tenantId,
    users,
    clients: registry.clients,
    resources,
    jwksUri: `${issuer}${provider.pathFor('jwks')}`,
    faults,
    tokenRequests,
    ...(tls ? { caPem: tls.caPem } : {}),
    ...(tls && settings.caFile !== undefined ? { caFile: settings.caFile } : {}),
    async revokeUserGrants(username) {
      const user = directory.byUsername(username);
      if (!user) throw new Error(`no sandbox user named ${username}`);
      store.revokeAccount(user.sub);
    },
    close() {
      closing ??= (async () => {
        front.cancelDelays();
        faults.clear();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
