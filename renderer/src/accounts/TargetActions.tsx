import { useEffect, useState } from 'react';
import type { AccountView, TargetView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import { canCopy } from '../../../app/contract/target-status';
import type { CopyFormat } from '../../../app/contract/tokens';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { useSettingsContext } from '../hooks/useSettings';
import type { Navigate } from '../navigation';
import { CurlUrlDialog } from './CurlUrlDialog';
import { RevealedToken } from './RevealedToken';

const COPY_LABELS: Record<CopyFormat, string> = {
  raw: 'Copy',
  header: 'Copy as header',
  curl: 'Copy as curl',
};
const COPIED: Record<CopyFormat, string> = {
  raw: 'the token',
  header: 'an Authorization header',
  curl: 'a curl command',
};

interface TargetActionsProps {
  account: AccountView;
  target: TargetView;
  /** It holds a token its state vouches for (see `usableUntil`): Reveal and Decode work. */
  hasToken: boolean;
  /** The card's status already offers "Retry now": no second button that does the same. */
  offersRetry: boolean;
  navigate: Navigate;
}

/** Copy (three formats), Refresh now, Reveal / Hide, Decode; with what happened. */
export function TargetActions({
  account,
  target,
  hasToken,
  offersRetry,
  navigate,
}: TargetActionsProps) {
  const { settings } = useSettingsContext();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<{ title: string; info: ErrorInfo }>();
  const [revealed, setRevealed] = useState<string>();
  /** The first "Copy as curl": where should it call? */
  const [askCurlUrl, setAskCurlUrl] = useState(false);
  /** Saved just now: the account list brings it a moment later. */
  const [savedCurlUrl, setSavedCurlUrl] = useState<string>();
  const ids = { accountId: account.id, targetId: target.id };
  // A new token makes an earlier failure history (it stays in the activity log).
  useEffect(() => {
    setError(undefined);
    setRefreshFailed(undefined);
  }, [target.expiresOn]);
  // App flows acquire a token on demand; user flows need one from a sign-in; a token the
  // provider refused is never handed out.
  const canAcquire = canCopy(account, target, Date.now());

  const run = async (name: string, title: string, action: () => Promise<string | undefined>) => {
    setBusy(name);
    setMessage(undefined);
    setError(undefined);
    try {
      setMessage(await action());
    } catch (e) {
      setError({ title, info: errorInfo(e) });
    } finally {
      setBusy(undefined);
    }
  };

  const copy = (format: CopyFormat) =>
    run(format, 'Copy failed', async () => {
      await call('tokens:copy', { ...ids, format });
      const clear = settings?.clipboardClearSeconds ?? 30;
      return `Copied ${COPIED[format]}. ${
        clear > 0
          ? `The clipboard is cleared in ${clear} s.`
          : 'The clipboard is not cleared automatically.'
      }`;
    });

  // A failed refresh is recorded on the target and said once, where its state is shown (this
  // card, or the account above when the provider refused the account): here only that it failed.
  const [refreshFailed, setRefreshFailed] = useState<ErrorInfo['code']>();
  const refresh = async () => {
    setBusy('refresh');
    setMessage(undefined);
    setError(undefined);
    setRefreshFailed(undefined);
    try {
      await call('tokens:refresh', ids);
      setMessage('Refreshed.');
    } catch (e) {
      setRefreshFailed(errorInfo(e).code);
    } finally {
      setBusy(undefined);
    }
  };

  const reveal = () =>
    run('reveal', 'Reveal failed', async () => {
      setRevealed((await call('tokens:reveal', ids)).accessToken);
      return undefined;
    });

  return (
    <div className="target-actions">
      {askCurlUrl && (
        <CurlUrlDialog
          account={account}
          target={target}
          onClose={() => setAskCurlUrl(false)}
          onSaved={(url) => {
            setSavedCurlUrl(url);
            setAskCurlUrl(false);
            void copy('curl');
          }}
        />
      )}
      <div className="button-row" role="group" aria-label={`Actions for ${target.label}`}>
        {(Object.keys(COPY_LABELS) as CopyFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            className={format === 'raw' ? 'primary' : undefined}
            disabled={!canAcquire || busy !== undefined}
            onClick={() =>
              format === 'curl' && !(target.curlUrl ?? savedCurlUrl)
                ? setAskCurlUrl(true)
                : void copy(format)
            }
          >
            {COPY_LABELS[format]}
          </button>
        ))}
        {!offersRetry && (
          <button
            type="button"
            disabled={!canAcquire || busy !== undefined}
            onClick={() => void refresh()}
          >
            {busy === 'refresh' ? 'Refreshing…' : 'Refresh now'}
          </button>
        )}
        {revealed === undefined ? (
          <button
            type="button"
            disabled={!hasToken || busy !== undefined}
            onClick={() => void reveal()}
          >
            Reveal
          </button>
        ) : (
          <button type="button" onClick={() => setRevealed(undefined)}>
            Hide
          </button>
        )}
        <button
          type="button"
          disabled={!hasToken}
          onClick={() => navigate({ kind: 'decoder', source: ids })}
        >
          Decode
        </button>
      </div>
      <p className="action-status" role="status">
        {message}
      </p>
      {revealed !== undefined && (
        <RevealedToken
          token={revealed}
          label={`Access token for ${target.label}`}
          onHide={() => setRevealed(undefined)}
        />
      )}
      {refreshFailed && (
        <p className="action-failure" role="alert">
          The refresh failed (<code>{refreshFailed}</code>).{' '}
          {target.state === 'needs-sign-in'
            ? 'The account above says why.'
            : 'What happened is shown above.'}
        </p>
      )}
      {error && (
        <ErrorDetails
          title={error.title}
          error={error.info}
          onDismiss={() => setError(undefined)}
        />
      )}
    </div>
  );
}
