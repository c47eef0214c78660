import type { EndpointToken } from '../app/contract/endpoint';

export const TOKEN_FORMATS = ['raw', 'header', 'json', 'env'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** The default environment variable of `exec` and `--format env`. */
export const DEFAULT_ENV_NAME = 'TOKENDOCK_TOKEN';

/**
 * A token as `tokendock token` prints it. `json` has the fields `az account get-access-token`
 * prints (`accessToken`, `expiresOn`, `expires_on`, `tokenType`, `tenant`), `expiresOn` in
 * ISO 8601 UTC; `env` is POSIX shell for `eval`.
 */
export function formatToken(token: EndpointToken, format: TokenFormat, envName: string): string {
  switch (format) {
    case 'raw':
      return `${token.accessToken}\n`;
    case 'header':
      return `Authorization: ${token.tokenType} ${token.accessToken}\n`;
    case 'json':
      return `${JSON.stringify(
        {
          accessToken: token.accessToken,
          expiresOn: new Date(token.expiresOn).toISOString(),
          expires_on: Math.floor(token.expiresOn / 1000),
          tokenType: token.tokenType,
          tenant: token.tenant ?? null,
        },
        null,
        2,
      )}\n`;
    case 'env':
      return (
        `export ${envName}=${shellQuote(token.accessToken)}\n` +
        `export ${envName.replace(/_TOKEN$/, '')}_EXPIRES_ON=${Math.floor(token.expiresOn / 1000)}\n`
      );
  }
}

/**
 * A Kubernetes `ExecCredential` (client.authentication.k8s.io/v1) for a kubeconfig `exec` user:
 * `status.token` and `status.expirationTimestamp` in RFC 3339 (whole seconds, UTC), after which
 * kubectl asks again.
 */
export function execCredential(token: EndpointToken): string {
  return `${JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: {
      token: token.accessToken,
      expirationTimestamp: new Date(token.expiresOn).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  })}\n`;
}

/** `'…'` for POSIX shells: a single quote inside becomes `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A valid environment variable name (POSIX: letters, digits, underscore; not a digit first). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
