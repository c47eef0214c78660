import { memo, useId } from 'react';
import type { AccountView, TargetView } from '../../../app/contract/accounts';
import { Countdown } from '../components/Countdown';
import { RelativeTime } from '../components/RelativeTime';
import { StateBadge } from '../components/StateBadge';
import { describeTarget } from '../format/labels';
import type { Navigate } from '../navigation';
import { TargetActions } from './TargetActions';

interface TargetCardProps {
  account: AccountView;
  target: TargetView;
  navigate: Navigate;
}

/** One target of an account: time left (live), refresh times, the last failure, the actions. */
export const TargetCard = memo(function TargetCard({ account, target, navigate }: TargetCardProps) {
  const titleId = useId();
  const hasToken = target.expiresOn !== undefined;
  const from =
    target.acquiredOn ??
    (target.expiresOn !== undefined && target.expiresIn !== undefined
      ? target.expiresOn - target.expiresIn * 1000
      : undefined);

  return (
    <section className="card target-card" aria-labelledby={titleId} data-state={target.state}>
      <header className="card-header">
        <div>
          <h3 id={titleId}>{target.label}</h3>
          <code className="target-what">{describeTarget(target.target)}</code>
        </div>
        <StateBadge state={target.state} />
      </header>

      {hasToken ? (
        <div className="target-times">
          <Countdown
            until={target.expiresOn!}
            {...(from !== undefined ? { from } : {})}
            label={`Time left on the ${target.label} token`}
          />
          <dl className="times">
            <div>
              <dt>Expires</dt>
              <dd>
                <RelativeTime at={target.expiresOn!} />
              </dd>
            </div>
            {target.extExpiresOn !== undefined && target.extExpiresOn > target.expiresOn! ? (
              <div>
                <dt title="Entra's ext_expires_in: how long the token stays usable while Entra itself is down">
                  Usable during an outage until
                </dt>
                <dd>
                  <RelativeTime at={target.extExpiresOn} />
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Last refresh</dt>
              <dd>
                {target.lastRefreshOn ? (
                  <RelativeTime at={target.lastRefreshOn} />
                ) : target.acquiredOn ? (
                  <>
                    none yet; acquired <RelativeTime at={target.acquiredOn} />
                  </>
                ) : (
                  'none yet'
                )}
              </dd>
            </div>
            <div>
              <dt>Next refresh</dt>
              <dd>
                {target.nextRefreshOn ? (
                  <RelativeTime at={target.nextRefreshOn} />
                ) : (
                  'not scheduled'
                )}
              </dd>
            </div>
          </dl>
        </div>
      ) : (
        <p className="muted">
          {target.state === 'needs-sign-in'
            ? 'No valid token: sign in again to get one.'
            : 'No token yet: sign in to get one.'}
        </p>
      )}

      <TargetActions account={account} target={target} hasToken={hasToken} navigate={navigate} />
    </section>
  );
});
