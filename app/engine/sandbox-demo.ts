import type { AccountInput, AccountView } from '../contract/accounts';
import { tokenDockError } from '../errors/tokendock-error';
import type { SandboxProvider } from '../sandbox';

/** The demo accounts' names, one per flow. */
const NAMES = {
  browser: 'Sandbox · browser sign-in',
  deviceCode: 'Sandbox · device code',
  password: 'Sandbox · password',
  daemonSecret: 'Sandbox · daemon (secret)',
  daemonCertificate: 'Sandbox · daemon (certificate)',
  onBehalfOf: 'Sandbox · on-behalf-of',
} as const;

/** The names of the demo accounts: how "Try the sandbox" finds the ones it added before. */
export const SANDBOX_DEMO_NAMES: readonly string[] = Object.values(NAMES);

/**
 * One demo account for each flow of the sandbox provider. The on-behalf-of account exchanges the
 * "Middle tier" token of the browser account, so it works once that one is signed in.
 */
export function sandboxDemoAccounts(
  sandbox: SandboxProvider,
  options: { embeddedWindow: boolean },
): {
  browser: AccountInput;
  others: (browser: AccountView) => AccountInput[];
} {
  const { api, middleTier, downstream } = sandbox.resources;
  const apiTarget = {
    label: 'Sandbox API',
    target: { kind: 'resource' as const, resource: api.identifier, scopes: ['api.read'] },
  };
  const appTarget = {
    label: 'Sandbox API',
    target: { kind: 'resource' as const, resource: api.identifier },
  };
  const native = sandbox.clients.native;
  const base = { authority: { kind: 'sandbox' as const } };
  const browser: AccountInput = {
    ...base,
    name: NAMES.browser,
    flow: 'authorization_code',
    clientId: native.clientId,
    clientAuth: { kind: 'none' },
    // Where there is no embedded window (the browser mode), the system browser and its loopback
    // redirect (RFC 8252 §7.3), which the sandbox's native client is registered for.
    signInMode: options.embeddedWindow ? 'embedded' : 'system-browser',
    redirectUri: native.redirectUri,
    targets: [
      apiTarget,
      {
        label: 'Middle tier',
        target: { kind: 'resource', resource: middleTier.identifier, scopes: middleTier.scopes },
      },
    ],
  };
  const others = (source: AccountView): AccountInput[] => [
    {
      ...base,
      name: NAMES.deviceCode,
      flow: 'device_code',
      clientId: native.clientId,
      clientAuth: { kind: 'none' },
      targets: [apiTarget],
    },
    {
      ...base,
      name: NAMES.password,
      flow: 'password',
      clientId: native.clientId,
      clientAuth: { kind: 'none' },
      username: sandbox.users[0]!.username,
      targets: [apiTarget],
    },
    {
      ...base,
      name: NAMES.daemonSecret,
      flow: 'client_credentials',
      clientId: sandbox.clients.daemon.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_basic' },
      clientSecret: sandbox.clients.daemon.clientSecret,
      targets: [appTarget],
    },
    {
      ...base,
      name: NAMES.daemonCertificate,
      flow: 'client_credentials',
      clientId: sandbox.clients.certDaemon.clientId,
      clientAuth: {
        kind: 'certificate',
        algorithm: 'RS256',
        certificatePem: sandbox.clients.certDaemon.certificatePem,
      },
      certificateKeyPem: sandbox.clients.certDaemon.privateKeyPem,
      targets: [appTarget],
    },
    {
      ...base,
      name: NAMES.onBehalfOf,
      flow: 'on_behalf_of',
      clientId: sandbox.clients.middleTier.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_basic' },
      clientSecret: sandbox.clients.middleTier.clientSecret,
      assertionFrom: { accountId: source.id, targetId: middleTierTargetOf(source) },
      targets: [
        {
          label: 'Downstream API',
          target: { kind: 'resource', resource: downstream.identifier, scopes: downstream.scopes },
        },
      ],
    },
  ];

  /** The browser account's target for the middle tier, found by its resource (not by position). */
  function middleTierTargetOf(account: AccountView): string {
    const found = account.targets.find(
      ({ target }) => target.kind === 'resource' && target.resource === middleTier.identifier,
    );
    if (!found)
      throw tokenDockError(
        'invalid_configuration',
        'The sandbox browser account has no middle-tier target.',
      );
    return found.id;
  }
  return { browser, others };
}
