import { join } from 'node:path';
import type { Clock, Logger } from '../ports';
import { readAccountFile } from './account-file';
import { sweepDirectory } from './directory';
import { fsCodeOf } from './errors';
import { accountIdOfFileName, isManagedAccountsName, isSafeAccountId } from './file-names';
import { readFileNoFollow } from './file-system';
import type { HeldAccount, HeldSecret } from './held-secrets';
import { copyAside, moveAside } from './quarantine';
import type { VaultProblem } from './types';

/** Big enough for an account file with a few tokens; a bigger one is read the usual way. */
const SCRATCH_BYTES = 256 * 1024;

export interface AccountsRead {
  accounts: Map<string, HeldAccount>;
  /** Accounts whose file held what was dropped: to be rewritten with what was kept. */
  repaired: Set<string>;
  /** Accounts whose file holds secrets (to remove when secrets may not stay on disk). */
  withSecretsOnDisk: Set<string>;
  problems: VaultProblem[];
}

/**
 * Reads every account file of `accounts/`. Nothing is decrypted. Damage stays with its entry:
 * a file that cannot be used (not JSON, wrong shape, a future `schemaVersion`, a name that is not
 * a safe account id) is moved aside (`<name>.corrupt-<stamp>`) and reported; a malformed secret
 * entry in a good file is dropped after the file's original bytes are copied aside.
 */
export function readAccountsFolder(folder: string, clock: Clock, logger: Logger): AccountsRead {
  const result: AccountsRead = {
    accounts: new Map(),
    repaired: new Set(),
    withSecretsOnDisk: new Set(),
    problems: [],
  };
  const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  const isAccountFile = (name: string): boolean => accountIdOfFileName(name) !== undefined;
  for (const name of sweepDirectory(folder, isManagedAccountsName, logger, isAccountFile)) {
    const id = accountIdOfFileName(name);
    if (id === undefined) continue; // a set-aside copy
    const path = join(folder, name);
    if (!isSafeAccountId(id)) {
      result.problems.push(
        setAside(path, 'move', 'its name is not a safe account id', clock, logger),
      );
      continue;
    }
    // `raw` is a view of `scratch`: used (parsed, maybe copied aside) before the next read.
    const raw = readFileNoFollow(path, {
      scratch,
      tighten: (wasMode) => {
        logger.info('vault: file mode tightened to 0600', { path, was: wasMode.toString(8) });
      },
    });
    if (raw === undefined) continue; // removed since the folder was listed
    const reading = readAccountFile(raw, id);
    if (!reading.usable) {
      result.problems.push(setAside(path, 'move', reading.reason, clock, logger, raw));
      continue;
    }
    if (reading.migratedFrom !== undefined) {
      logger.info('vault: account file of an older version read; rewritten at its next write', {
        accountId: id,
        from: reading.migratedFrom,
      });
    }
    const secrets = new Map<string, HeldSecret>();
    for (const [slot, { key, sealed }] of reading.secrets) {
      secrets.set(slot, { key, sealed, value: undefined });
    }
    if (secrets.size > 0) result.withSecretsOnDisk.add(id);
    if (reading.dropped.length > 0) {
      const details = reading.dropped.map((drop) => `"${drop.slot}": ${drop.reason}`);
      const reason = `dropped ${details.length} malformed secret entr${details.length === 1 ? 'y' : 'ies'} (${details.join('; ')}); the original was copied aside`;
      result.problems.push(setAside(path, 'copy', reason, clock, logger, raw));
      const kinds = [
        ...new Set(
          reading.dropped.flatMap((drop) => (drop.key === undefined ? [] : [drop.key.kind])),
        ),
      ];
      if (kinds.length > 0) {
        result.problems.push({ kind: 'undecryptable', accountId: id, secretKinds: kinds });
      }
      result.repaired.add(id);
    }
    result.accounts.set(id, { record: reading.account, secrets });
  }
  return result;
}

/**
 * Moves a file aside (or copies its original bytes aside, before it is rewritten) and describes
 * that as a problem. When even that fails (a read-only disk), the file is left where it is (an
 * unusable one is still not loaded) and the problem says so.
 */
export function setAside(
  path: string,
  how: 'move' | 'copy',
  reason: string,
  clock: Clock,
  logger: Logger,
  raw?: Uint8Array,
): VaultProblem {
  try {
    const movedTo =
      how === 'move' || raw === undefined ? moveAside(path, clock) : copyAside(path, raw, clock);
    logger.warn(`vault: ${how === 'move' ? 'unusable file moved aside' : 'file copied aside'}`, {
      file: path,
      movedTo,
      reason,
    });
    return { kind: 'quarantined', file: path, movedTo, reason };
  } catch (error) {
    const code = fsCodeOf(error) ?? 'error';
    logger.error('vault: could not set a damaged file aside', { file: path, code, reason });
    return {
      kind: 'quarantined',
      file: path,
      movedTo: path,
      reason: `${reason}; it could not be set aside (${code}) and was left in place`,
    };
  }
}
