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

  if (protection.isProtected) {
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
