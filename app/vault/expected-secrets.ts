import type { AccountRecord, SecretKind } from '../accounts/types';

/**
 * The kinds of secret an account's metadata says it had (a client secret or certificate key for
 * its client authentication; access and refresh tokens for targets with a token). Used when the
 * secrets file was lost, to tell which accounts need signing in again.
 */
export function expectedSecretKinds(account: AccountRecord): SecretKind[] {
  const kinds: SecretKind[] = [];
  if (account.clientAuth.kind === 'secret') kinds.push('client-secret');
  if (account.clientAuth.kind === 'certificate') kinds.push('certificate-key');
  if (account.targets.some((target) => target.token !== undefined)) kinds.push('access-token');
  if (account.targets.some((target) => target.token?.hasRefreshToken === true)) {
    kinds.push('refresh-token');
  }
  return kinds;
}
