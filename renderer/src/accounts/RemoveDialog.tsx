import { useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo } from '../api/client';
import { Dialog } from '../components/Dialog';
import { ErrorDetails } from '../components/ErrorDetails';

interface RemoveDialogProps {
  account: AccountView;
  onRemoved: () => void;
  onClose: () => void;
}

/** Says exactly what removing revokes and deletes, then does it. */
export function RemoveDialog({ account, onRemoved, onClose }: RemoveDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  const tokens = account.targets.filter((t) => t.expiresOn !== undefined).length;
  const secret =
    account.clientAuth.kind === 'secret'
      ? 'its client secret'
      : account.clientAuth.kind === 'certificate'
        ? "its certificate's private key"
        : undefined;

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call('accounts:remove', { accountId: account.id });
      onRemoved();
    } catch (e) {
      setError(errorInfo(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Remove ${account.name}?`} onClose={onClose} tone="danger">
      <ul className="remove-list">
        {account.hasRefreshToken ? (
          <li>
            Its refresh token is <strong>revoked</strong> at {account.authorityLabel}, where the
            provider supports revocation, so it cannot be used again anywhere.
          </li>
        ) : (
          <li>There is no refresh token to revoke.</li>
        )}
        <li>
          <strong>Deleted</strong> from this computer: the account's settings and its{' '}
          {account.targets.length} target{account.targets.length === 1 ? '' : 's'}
          {tokens > 0 ? `, ${tokens} access token${tokens === 1 ? '' : 's'}` : ''}
          {account.hasRefreshToken ? ', the refresh token' : ''}
          {secret ? ` and ${secret}` : ''}.
        </li>
        <li>Access tokens already copied stay valid until they expire.</li>
      </ul>
      <p>This cannot be undone.</p>
      {error && <ErrorDetails title="Could not remove the account" error={error} />}
      <div className="button-row dialog-buttons">
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Removing…' : 'Remove account'}
        </button>
        <button type="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
