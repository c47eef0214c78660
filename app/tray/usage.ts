import type { AccountView } from '../contract/accounts';
import type { ActivityEntry } from '../contract/events';

/** One target the person copies often, and how often (what the tray lists first). */
export interface FrequentTarget {
  accountId: string;
  targetId: string;
  copies: number;
  lastCopiedOn: number;
}

/**
 * The targets copied most, from the activity log's `copied` entries (every copy is logged there,
 * whether from the window, the tray or the `tokendock` command): most copies first, the latest
 * copy breaking ties, at most `limit`. An entry names its account by id and its target by label;
 * a label no longer in the account (renamed, removed) is not counted. The log is bounded, so
 * this counts recent use.
 */
export function mostCopied(
  accounts: readonly AccountView[],
  activity: readonly ActivityEntry[],
  limit = 5,
): FrequentTarget[] {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const counts = new Map<string, FrequentTarget>();
  for (const entry of activity) {
    if (entry.kind !== 'copied' || !entry.accountId || entry.targetLabel === undefined) continue;
    const target = byId.get(entry.accountId)?.targets.find((t) => t.label === entry.targetLabel);
    if (!target) continue;
    const key = `${entry.accountId}/${target.id}`;
    const found = counts.get(key);
    if (found) {
      found.copies += 1;
      found.lastCopiedOn = Math.max(found.lastCopiedOn, entry.at);
    } else
      counts.set(key, {
        accountId: entry.accountId,
        targetId: target.id,
        copies: 1,
        lastCopiedOn: entry.at,
      });
  }
  return [...counts.values()]
    .sort((a, b) => b.copies - a.copies || b.lastCopiedOn - a.lastCopiedOn)
    .slice(0, Math.max(0, limit));
}
