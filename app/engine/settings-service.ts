import type { Settings } from '../accounts/types';
import type { EngineContext } from './context';
import type { RefreshService } from './refresh-service';

/**
 * Changes settings: written to the vault first (a change of `persistUnprotectedSecrets` moves the
 * secrets on or off the disk at once), then in effect; a change of the lead time moves every
 * deadline, a change of the concurrency applies to the next refreshes.
 */
export async function updateSettings(
  ctx: EngineContext,
  refresher: RefreshService,
  patch: Partial<Settings>,
): Promise<Settings> {
  const previous = ctx.settings;
  const next = { ...previous, ...patch };
  if (
    patch.persistUnprotectedSecrets !== undefined &&
    patch.persistUnprotectedSecrets !== previous.persistUnprotectedSecrets
  ) {
    await ctx.deps.vault.setPersistUnprotected(patch.persistUnprotectedSecrets);
  }
  await ctx.deps.vault.saveSettings(next);
  ctx.settings = next;
  refresher.scheduler.concurrency = next.refreshConcurrency;
  const leadChanged =
    next.leadTimeMinutes !== previous.leadTimeMinutes ||
    next.leadTimeFraction !== previous.leadTimeFraction;
  if (leadChanged)
    for (const account of ctx.accounts.values())
      for (const target of account.targets) refresher.schedule(account, target);
  return { ...next };
}
