import type { TargetView } from '../../../app/contract/accounts';
import { Countdown } from '../components/Countdown';
import { RelativeTime } from '../components/RelativeTime';

/**
 * A usable token's time left (live), its expiry, and its refresh times (`retrying`: the next one
 * is the retry, which the status says, so it is not repeated here).
 */
export function TargetTimes({
  target,
  expiresOn,
  retrying = false,
}: {
  target: TargetView;
  expiresOn: number;
  retrying?: boolean;
}) {
  const from =
    target.acquiredOn ??
    (target.expiresIn !== undefined ? expiresOn - target.expiresIn * 1000 : undefined);
  return (
    <div className="target-times">
      <Countdown
        until={expiresOn}
        {...(from !== undefined ? { from } : {})}
        label={`Time left on the ${target.label} token`}
      />
      <dl className="times">
        <div>
          <dt>Expires</dt>
          <dd>
            <RelativeTime at={expiresOn} />
          </dd>
        </div>
        {target.extExpiresOn !== undefined && target.extExpiresOn > expiresOn ? (
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
        {!retrying && (
          <div>
            <dt>Next refresh</dt>
            <dd>
              {target.nextRefreshOn ? <RelativeTime at={target.nextRefreshOn} /> : 'not scheduled'}
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
