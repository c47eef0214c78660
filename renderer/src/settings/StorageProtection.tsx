import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { Settings, StorageProtection as Protection } from '../../../app/contract/settings';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';

interface StorageProtectionProps {
  settings: Settings;
  /** Resolves once the change is saved (secrets moved on or off the disk). */
  onChange: (patch: Partial<Settings>) => Promise<void>;
}

/** What unlocks the key store `backend` names, in words for people. */
function unlockAdvice(backend: string): string {
  switch (backend) {
    case 'keychain':
      return 'Allow TokenDock to use its “TokenDock Safe Storage” item when macOS asks (if you chose Deny, allow it in Keychain Access).';
    case 'dpapi':
      return 'Sign in to Windows as the user who saved them.';
    case 'gnome_libsecret':
      return 'Unlock your login keyring (after an automatic login it stays locked: open “Passwords and Keys” and unlock it).';
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return 'Open KDE Wallet and let TokenDock use it.';
    case 'basic_text':
      return 'This time TokenDock started without a key store (the desktop was not recognised), but they were saved with one: start TokenDock from your desktop session.';
    default:
      return 'Unlock your system keyring or key store.';
  }
}

/** While saved secrets cannot be opened: why, what to do, and that nothing was lost. */
function LockedNotice({ backend, accounts }: { backend: string; accounts: number }) {
  return (
    <div className="storage-warning" role="status">
      <p className="warning">
        <strong>Storage is locked.</strong> The saved refresh tokens, client secrets and keys of{' '}
        {accounts === 1 ? 'one account' : `${accounts} accounts`} cannot be opened right now: the
        system key store is locked, or TokenDock was not allowed to use it. Nothing was deleted, and
        those accounts are not refreshed until then. You do not need to sign in again.
      </p>
      <p>
        {unlockAdvice(backend)} TokenDock tries again by itself when you unlock the screen or wake
        the computer, and every few minutes. If they stay locked after that, quit TokenDock and
        start it again: some systems let an app ask for its key only once per start.
      </p>
    </div>
  );
}

/** Which backend protects secrets at rest; when none does, a plain warning and the opt-in. */
export function StorageProtection({ settings, onChange }: StorageProtectionProps) {
  const [protection, setProtection] = useState<Protection>();
  const [error, setError] = useState<ErrorInfo>();

  const load = useCallback(() => {
    call('storage:protection', {}).then(setProtection, (e: unknown) => setError(errorInfo(e)));
  }, []);
  useEffect(load, [load]);

  if (error) return <ErrorDetails title="Storage protection is unknown" error={error} />;
  if (!protection) return <p className="muted">Checking how secrets are protected…</p>;

  const locked = protection.locked && (
    <LockedNotice backend={protection.backend} accounts={protection.locked.accounts} />
  );
  if (protection.isProtected) {
    if (locked) return locked;
    return (
      <p className="ok-text">
        <span aria-hidden="true">✓ </span>Refresh tokens, client secrets and keys are encrypted with{' '}
        <strong>{protection.backend}</strong>, the system's key store, before they are written to
        disk.
      </p>
    );
  }
  return (
    <div className="storage-warning">
      {locked}
      <p className="warning" role="note">
        <strong>Secrets cannot be protected on this system.</strong> The key store here (
        <code>{protection.backend}</code>) does not really encrypt: anything written to disk could
        be read by any program running as you.{' '}
        {protection.secretsOnDisk
          ? 'You chose to keep secrets on disk anyway.'
          : 'So TokenDock keeps refresh tokens, client secrets and keys in memory only: after it restarts you sign in again and re-enter client secrets.'}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.persistUnprotectedSecrets}
          onChange={(e) =>
            void onChange({ persistUnprotectedSecrets: e.target.checked }).then(load)
          }
        />
        <span>
          Keep secrets on disk without protection (they survive a restart, readable by programs
          running as you)
        </span>
      </label>
    </div>
  );
}
