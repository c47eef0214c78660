import { useState } from 'react';
import type { AccountView, TargetView } from '../../../app/contract/accounts';
import { call } from '../api/client';

/**
 * "Retry now": refreshes the target at once (`tokens:refresh`) instead of waiting for the retry.
 * A failure is not said here: the engine records it on the target, and the card shows it, once.
 */
export function RetryButton({ account, target }: { account: AccountView; target: TargetView }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const retry = async () => {
    if (busy) return;
    setBusy(true);
    setSaid('Trying again…');
    try {
      await call('tokens:refresh', { accountId: account.id, targetId: target.id });
      setSaid('Refreshed.');
    } catch {
      setSaid('Tried again: it still fails.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="primary"
        // aria-disabled, not disabled: the focus stays on it while it works.
        aria-disabled={busy || undefined}
        onClick={() => void retry()}
      >
        {busy ? 'Retrying…' : 'Retry now'}
      </button>
      <span className="muted small" role="status">
        {said}
      </span>
    </>
  );
}
