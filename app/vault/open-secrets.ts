import { join } from 'node:path';
import type { AccountRecord, SecretKind } from '../accounts/types';
import type { Cipher, Clock, Logger } from '../ports';
import { expectedSecretKinds } from './expected-secrets';
import { SECRETS_FILE } from './file-names';
import { readFileNoFollow } from './file-system';
import { copyAside, moveAside } from './quarantine';
import { type HeldSecret, SecretStore } from './secret-store';
import { readSecretsContents, type SealedEntry } from './secrets-contents';
import type { VaultProblem } from './types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface SecretsOpenContext {
  directory: string;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  /** The accounts of the metadata, to tell who must sign in again when the file is lost. */
  accounts: readonly AccountRecord[];
  /** Whether secrets may stay on disk (the protection policy). */
  onDisk: boolean;
}

/**
 * Opens `secrets.json` into memory. An unusable file is moved aside and every account whose
 * metadata shows secrets is reported `undecryptable`. Entries that do not decrypt are dropped
 * (reported per account) after the original file is copied aside, and the file is rewritten. When
 * secrets may not stay on disk, the file is removed once read.
 */
export function openSecrets(context: SecretsOpenContext): {
  store: SecretStore;
  problems: VaultProblem[];
} {
  const { directory, cipher, clock, logger } = context;
  const path = join(directory, SECRETS_FILE);
  const problems: VaultProblem[] = [];
  const secrets = new Map<string, HeldSecret>();
  const raw = readFileNoFollow(path);
  let needsRewrite = false;
  if (raw !== undefined) {
    const reading = readSecretsContents(raw);
    if (!reading.usable) {
      const movedTo = moveAside(path, clock);
      problems.push({ kind: 'quarantined', file: path, movedTo, reason: reading.reason });
      problems.push(...lostSecretsProblems(context.accounts));
      logger.warn('vault: secrets file unusable, moved aside; starting without secrets', {
        file: path,
        movedTo,
        reason: reading.reason,
      });
    } else {
      const failed = new Map<string, SecretKind[]>();
      for (const entry of reading.entries) {
        const value = tryOpen(entry, cipher);
        if (value !== undefined) {
          secrets.set(entry.name, { key: entry.key, value, sealed: entry.sealed });
        } else {
          const kinds = failed.get(entry.key.accountId) ?? [];
          if (!kinds.includes(entry.key.kind)) kinds.push(entry.key.kind);
          failed.set(entry.key.accountId, kinds);
          logger.warn('vault: secret entry does not decrypt, dropped', { entry: entry.name });
        }
      }
      if (failed.size > 0) {
        const copiedTo = copyAside(path, raw, clock);
        logger.warn('vault: original secrets file copied aside', { file: path, copiedTo });
        for (const [accountId, secretKinds] of failed) {
          problems.push({ kind: 'undecryptable', accountId, secretKinds });
        }
        needsRewrite = true;
      }
    }
  }
  const store = new SecretStore(path, cipher, logger, secrets);
  if (!context.onDisk) {
    if (store.removeFromDisk()) {
      logger.info('vault: secrets are kept in memory only (unprotected cipher, no opt-in)', {
        backend: cipher.backend,
      });
    }
  } else if (needsRewrite) {
    store.persist();
  }
  return { store, problems };
}

function tryOpen(entry: SealedEntry, cipher: Cipher): string | undefined {
  if (!BASE64.test(entry.sealed)) return undefined;
  try {
    const value = cipher.decrypt(Buffer.from(entry.sealed, 'base64'));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function lostSecretsProblems(accounts: readonly AccountRecord[]): VaultProblem[] {
  return accounts.flatMap((account): VaultProblem[] => {
    const secretKinds = expectedSecretKinds(account);
    return secretKinds.length === 0
      ? []
      : [{ kind: 'undecryptable', accountId: account.id, secretKinds }];
  });
}
