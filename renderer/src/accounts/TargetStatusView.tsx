import type { AccountView, TargetView } from '../../../app/contract/accounts';
import { isAppOnlyFlow } from '../../../app/contract/accounts';
import { canRetry, type TargetStatus } from '../../../app/contract/target-status';
import { Countdown } from '../components/Countdown';
import { ErrorDetails } from '../components/ErrorDetails';
import { RelativeTime } from '../components/RelativeTime';
import { RetryButton } from './RetryButton';
import { TargetTimes } from './TargetTimes';

interface TargetStatusViewProps {
  account: AccountView;
  target: TargetView;
  status: TargetStatus;
}

/**
 * What a target's state means and what the person can do, each said once: time left on a usable
 * token; "Offline — retrying in 40 s" (live) with Retry now and how long the cached token still
 * works; a failure with its one Retry now; "needs sign-in" without any time left (the account
 * above says why and offers Sign in again).
 */
export function TargetStatusView({ account, target, status }: TargetStatusViewProps) {
  const retry = canRetry(account, target, Date.now()) ? (
    <RetryButton account={account} target={target} />
  ) : undefined;
  switch (status.kind) {
    case 'valid':
      return <TargetTimes target={target} expiresOn={status.expiresOn} />;
    case 'refreshing':
      return (
        <>
          {status.usableUntil !== undefined && (
            <TargetTimes target={target} expiresOn={status.usableUntil} />
          )}
          <p className="status-line" data-kind="refreshing">
            <span className="spinner" aria-hidden="true" /> Getting a new token…
          </p>
        </>
      );
    case 'offline':
    case 'retrying':
      return (
        <>
          {status.usableUntil !== undefined && (
            <TargetTimes target={target} expiresOn={status.usableUntil} retrying />
          )}
          <div className="target-status" data-kind={status.kind}>
            <p className="status-line">
              <strong>{status.kind === 'offline' ? 'Offline' : 'The provider is failing'}</strong>
              {' — '}
              {status.retryOn !== undefined ? (
                <>
                  retrying in{' '}
                  <Countdown
                    until={status.retryOn}
                    label={`Time until ${target.label} is retried`}
                    suffix=""
                    endedText="a moment"
                  />
                </>
              ) : (
                'retrying on its own'
              )}
            </p>
            <p>
              {status.usableUntil !== undefined ? (
                <>
                  The token already here still works until <RelativeTime at={status.usableUntil} />:
                  Copy gives it out until then.
                </>
              ) : (
                'No usable token until the provider answers again.'
              )}
            </p>
            {status.error ? (
              <ErrorDetails
                title={status.kind === 'offline' ? 'Why it is offline' : 'What failed'}
                error={status.error}
                alert={false}
                actions={retry}
              />
            ) : (
              retry && <div className="button-row">{retry}</div>
            )}
          </div>
        </>
      );
    case 'failed':
      return (
        <div className="target-status" data-kind="failed">
          <p className="status-line">
            <strong>Not refreshed</strong> — this needs you: TokenDock does not retry it on its own.
          </p>
          {status.error ? (
            <ErrorDetails
              title="The last refresh failed"
              error={status.error}
              alert={false}
              actions={retry}
            />
          ) : (
            retry && <div className="button-row">{retry}</div>
          )}
        </div>
      );
    case 'needs-sign-in':
      return (
        <p className="status-line" data-kind="needs-sign-in">
          No valid token. Sign in again (above) to get one.
        </p>
      );
    case 'storage-locked':
      return (
        <p className="status-line" data-kind="storage-locked">
          Its saved token cannot be opened now (the system key store is locked). Nothing was
          deleted; TokenDock tries again on its own.
        </p>
      );
    case 'signing-in':
      return <p className="status-line muted">Signing in…</p>;
    case 'no-token':
      return (
        <p className="muted">
          {isAppOnlyFlow(account.flow)
            ? 'No token yet: Copy or Refresh now gets one.'
            : 'No token yet: sign in to get one.'}
        </p>
      );
  }
}
