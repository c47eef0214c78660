import type { AccountRecord } from '../accounts/types';
import type { Timers } from '../ports';
import type { SecretChange, Vault } from '../vault/types';

/** How long token writes may wait to be written together. */
const GROUP_COMMIT_MS = 200;

/**
 * Group commit for the vault. Each vault write rewrites a whole file and waits for the disk; a
 * storm of refreshes writing one by one would spend its time there. Fresh tokens are therefore
 * staged and written together at most 200 ms later — but a staged refresh token is always written
 * before it is spent again (`flushFor`), and changes a person makes are written at once.
 */
export class Persistence {
  private readonly staged = new Map<string, SecretChange>();
  private accountsDirty = false;
  private timer: unknown;

  constructor(
    private readonly vault: Vault,
    private readonly timers: Timers,
    private readonly accounts: () => Iterable<AccountRecord>,
  ) {}

  /** Stages secrets and marks the accounts changed; written within 200 ms. */
  stage(changes: readonly SecretChange[]): void {
    for (const change of changes) this.staged.set(keyOf(change), change);
    this.accountsDirty = true;
    this.timer ??= this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, GROUP_COMMIT_MS);
  }

  /** Writes changes (and everything staged before them) now. */
  write(changes: readonly SecretChange[] = [], { accounts = true } = {}): void {
    for (const change of changes) this.staged.set(keyOf(change), change);
    if (accounts) this.accountsDirty = true;
    this.flush();
  }

  /** Writes what is staged when it includes a secret of this account (before its refresh token is spent). */
  flushFor(accountId: string): void {
    for (const change of this.staged.values()) {
      if (change.key.accountId === accountId) {
        // Only the secrets: the accounts file (metadata) can wait for the group commit.
        const changes = [...this.staged.values()];
        this.staged.clear();
        this.vault.writeSecrets(changes);
        return;
      }
    }
  }

  /** Forgets what is staged for an account that is being removed. */
  drop(accountId: string): void {
    for (const [key, change] of this.staged)
      if (change.key.accountId === accountId) this.staged.delete(key);
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.staged.size > 0) {
      const changes = [...this.staged.values()];
      this.staged.clear();
      this.vault.writeSecrets(changes);
    }
    if (this.accountsDirty) {
      this.accountsDirty = false;
      this.vault.saveAccounts([...this.accounts()]);
    }
  }
}

function keyOf(change: SecretChange): string {
  return `${change.key.accountId}/${change.key.targetId ?? '-'}/${change.key.kind}`;
}
