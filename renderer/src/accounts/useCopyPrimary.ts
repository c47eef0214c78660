import { useCallback } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { CopyFormat } from '../../../app/contract/tokens';
import { errorInfo } from '../api/client';
import { useSettingsContext } from '../hooks/useSettings';
import { showToast } from '../notifications/store';
import { copyPrimaryToken, NothingToCopy } from './copy-primary';

/** How a one-key copy went: done, or why not in words for people. */
export type CopyOutcome = { ok: true } | { ok: false; why: string };

/**
 * The one-key copy (Enter or Ctrl/Cmd+C on the accounts list, the quick switcher): copies the
 * account's primary token and says so in a notice, with when the clipboard is cleared. A failure
 * is a notice too unless `failureInPlace` (the switcher says it inside its dialog, where the
 * person is).
 */
export function useCopyPrimary(): (
  account: AccountView,
  format: CopyFormat,
  options?: { failureInPlace?: boolean },
) => Promise<CopyOutcome> {
  const { settings } = useSettingsContext();
  const clear = settings?.clipboardClearSeconds ?? 30;
  return useCallback(
    async (account, format, options) => {
      try {
        const said = await copyPrimaryToken(account, format);
        showToast(
          {
            title: said,
            body:
              clear > 0
                ? `The clipboard is cleared in ${clear} s.`
                : 'The clipboard is not cleared automatically.',
          },
          'copy',
        );
        return { ok: true };
      } catch (error) {
        const why = error instanceof NothingToCopy ? error.message : errorInfo(error).message;
        if (!options?.failureInPlace)
          showToast(
            { title: `Nothing copied from ${account.name}`, body: why, accountId: account.id },
            'copy',
          );
        return { ok: false, why };
      }
    },
    [clear],
  );
}
