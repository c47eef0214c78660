import { useState } from 'react';
import { tokenValidity } from '../../../app/contract/jwt-inspect';
import { copyText } from '../format/clipboard';
import { localDateTime, relativeTime } from '../format/time';
import { claimCopyText, ClaimTable } from './ClaimTable';

interface ClaimsPanelProps {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Table captions: "Header"/"Claims", or "Access token header"/"Access token claims". */
  headerTitle: string;
  claimsTitle: string;
  now: number;
}

/**
 * A decoded JWT: a banner when it has expired or is not valid yet, its header and claims
 * explained, a copy button per value and the message saying what was copied.
 */
export function ClaimsPanel({ header, claims, headerTitle, claimsTitle, now }: ClaimsPanelProps) {
  const [copied, setCopied] = useState<string>();
  const validity = tokenValidity(claims, now);
  const copy = (name: string, value: unknown) => {
    copyText(claimCopyText(value)).then(
      () => setCopied(`Copied the value of ${name}.`),
      (e: unknown) => setCopied(e instanceof Error ? e.message : 'Could not copy.'),
    );
  };
  return (
    <>
      {validity.state === 'expired' && (
        <p className="warning decoder-validity" role="alert">
          <strong>Expired</strong> {relativeTime(validity.at, now)}, at {localDateTime(validity.at)}
          : an API refuses this token.
        </p>
      )}
      {validity.state === 'not-yet-valid' && (
        <p className="warning decoder-validity" role="alert">
          <strong>Not valid yet</strong>: usable {relativeTime(validity.at, now)}, from{' '}
          {localDateTime(validity.at)} (<code>nbf</code>). A clock that is behind can cause this.
        </p>
      )}
      <ClaimTable title={headerTitle} values={header} now={now} where="header" onCopy={copy} />
      <ClaimTable title={claimsTitle} values={claims} now={now} onCopy={copy} />
      <p className="notice">Decoded only: the signature is not checked here.</p>
      <p className="muted small decoder-copied" role="status">
        {copied ?? ''}
      </p>
    </>
  );
}
