import type { AccountRecord, SecretKind } from '../../app/accounts/types';
import type { SecretChange } from '../../app/vault';

/** What vault-writer.ts writes, shared with the test that checks it. */
export const WRITER_ACCOUNT_COUNT = 20;

export const WRITER_SECRET_KINDS: readonly { targetId?: string; kind: SecretKind }[] = [
  { kind: 'client-secret' },
  { targetId: 'api', kind: 'access-token' },
  { kind: 'refresh-token' },
];

/** Account `index` as saved in round `round` (its `updatedOn` is the round). */
export function writerAccount(index: number, round: number): AccountRecord {
  return {
    id: `acc-${index}`,
    name: `Writer account ${index}`,
    authority: { kind: 'oidc', issuer: 'https://issuer.example' },
    flow: 'client_credentials',
    clientId: `client-${index}`,
    clientAuth: { kind: 'secret', method: 'client_secret_basic' },
    signInMode: 'embedded',
    targets: [
      {
        id: 'api',
        label: 'API',
        target: { kind: 'scopes', scopes: ['api://x/.default'] },
        token: {
          expiresOn: round * 1000,
          expiresIn: 3600,
          acquiredOn: round,
          scope: 'api://x/.default',
          hasRefreshToken: true,
        },
      },
    ],
    createdOn: 1,
    updatedOn: round,
  };
}

/** What round `round` of account `index` does: every 13th round (offset per account) removes it. */
export function writerOperation(index: number, round: number): 'write' | 'remove' {
  return (round + index) % 13 === 0 ? 'remove' : 'write';
}

/** Whether a write of round `round` keeps the access token (every 5th round deletes it). */
export function writerKeepsAccessToken(round: number): boolean {
  return round % 5 !== 0;
}

/** The secret changes of a write of round `round`. */
export function writerSecrets(accountId: string, round: number): SecretChange[] {
  return WRITER_SECRET_KINDS.map(({ targetId, kind }) => ({
    key: { accountId, ...(targetId === undefined ? {} : { targetId }), kind },
    value:
      kind === 'access-token' && !writerKeepsAccessToken(round)
        ? undefined
        : writerSecretValue(accountId, kind, round),
  }));
}

const PADDING = 'p'.repeat(1200);

/** A secret value that names its account, kind and round, padded to make writes longer. */
export function writerSecretValue(accountId: string, kind: SecretKind, round: number): string {
  return `${accountId}|${kind}|${round}|${PADDING}`;
}

/** The round a value was written in, or `undefined` if it is not one `writerSecretValue` made. */
export function roundOfSecretValue(
  value: string,
  accountId: string,
  kind: SecretKind,
): number | undefined {
  const match = /^([^|]+)\|([^|]+)\|(\d+)\|(p*)$/.exec(value);
  if (match?.[1] !== accountId || match[2] !== kind || match[4] !== PADDING) return undefined;
  return Number(match[3]);
}
