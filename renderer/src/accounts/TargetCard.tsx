import { memo, useId } from 'react';
import type { AccountView, TargetView } from '../../../app/contract/accounts';
import { targetStatus, usableUntil } from '../../../app/contract/target-status';
import { StateBadge } from '../components/StateBadge';
import { describeTarget } from '../format/labels';
import type { Navigate } from '../navigation';
import { TargetActions } from './TargetActions';
import { TargetStatusView } from './TargetStatusView';

interface TargetCardProps {
  account: AccountView;
  target: TargetView;
  navigate: Navigate;
}

/**
 * One target of an account: its state and what to do about it (time left on a usable token,
 * a retry under way, a failure once), then the actions. A token its state does not vouch for
 * (refused, failed) is not offered: no time left, no Copy, Reveal or Decode.
 */
export const TargetCard = memo(function TargetCard({ account, target, navigate }: TargetCardProps) {
  const titleId = useId();
  const status = targetStatus(target, Date.now());
  const usable = usableUntil(status) !== undefined;

  return (
    <section className="card target-card" aria-labelledby={titleId} data-state={target.state}>
      <header className="card-header">
        <div>
          <h3 id={titleId}>{target.label}</h3>
          <code className="target-what">{describeTarget(target.target)}</code>
        </div>
        <StateBadge state={target.state} />
      </header>

      <TargetStatusView account={account} target={target} status={status} />

      <TargetActions
        account={account}
        target={target}
        hasToken={usable}
        // The status offers Retry now, or only signing in can help: no Refresh now beside it.
        offersRetry={['offline', 'retrying', 'failed', 'needs-sign-in'].includes(status.kind)}
        navigate={navigate}
      />
    </section>
  );
});
