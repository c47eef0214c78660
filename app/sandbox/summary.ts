import { CLIENT_PROFILES } from './clients';
import type { SandboxProvider } from './types';
import { textTable } from './text-table';

/** Where the certificate client's PEM files were written. */
export interface SandboxSummaryFiles {
  privateKeyPath: string;
  certificatePath: string;
}

/**
 * Everything a person needs to try the sandbox by hand, as aligned tables: issuer and
 * endpoints, clients (id, secret, auth method, grants), the certificate, resources and scopes,
 * users and passwords. It prints secrets on purpose: they live only as long as this sandbox.
 */
export function formatSandboxSummary(
  sandbox: SandboxProvider,
  files?: SandboxSummaryFiles,
): string {
  const { clients } = sandbox;
  const clientRows = Object.entries(clients).map(([key, client]) => {
    const profile = CLIENT_PROFILES[key as keyof typeof clients];
    const secret = 'clientSecret' in client ? client.clientSecret : '-';
    return [client.clientId, secret, profile.authMethod, profile.grants];
  });
  const resourceRows = Object.entries(sandbox.resources).map(([name, resource]) => [
    name,
    resource.identifier,
    resource.scopes.join(' '),
  ]);
  const userRows = sandbox.users.map((user) => [user.username, user.password, user.name, user.oid]);
  const certificateRows = [
    ['SHA-1 thumbprint (hex)', clients.certDaemon.thumbprintSha1Hex],
    ['x5t#S256', clients.certDaemon.thumbprintSha256Base64Url],
    ...(files
      ? [
          ['private key PEM', files.privateKeyPath],
          ['certificate PEM', files.certificatePath],
        ]
      : []),
  ];
  return [
    'TokenDock sandbox OpenID provider',
    '',
    textTable(
      ['what', 'value'],
      [
        ['issuer', sandbox.issuer],
        ['discovery', `${sandbox.issuer}/.well-known/openid-configuration`],
        ['jwks', sandbox.jwksUri],
        ['tenant id (tid)', sandbox.tenantId],
        ['redirect URI', `${clients.native.redirectUri} (any port)`],
      ],
    ),
    '',
    'Clients',
    textTable(['client id', 'secret', 'auth method', 'grants'], clientRows),
    '',
    `Certificate of ${clients.certDaemon.clientId} (send x5t or x5t#S256 in the assertion header)`,
    textTable(['what', 'value'], certificateRows),
    '',
    'Resources (JWT access tokens; aud = identifier)',
    textTable(['name', 'identifier', 'scopes'], resourceRows),
    '',
    'Users',
    textTable(['username', 'password', 'name', 'oid'], userRows),
  ].join('\n');
}
