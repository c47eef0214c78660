import { useEffect, useState } from 'react';
import type { StorageState } from '../../../app/contract/settings';
import { call, listen } from '../api/client';

/**
 * Says so when TokenDock cannot write its data folder (a full disk, a read-only folder): what
 * went wrong, that nothing is lost while it keeps running, and when it tries again. Disappears by
 * itself once everything is saved.
 */
export function SavingBanner() {
  const [saving, setSaving] = useState<StorageState>({ kind: 'ok' });

  useEffect(() => {
    let live = true;
    call('storage:protection', {}).then(
      (protection) => live && protection.saving && setSaving(protection.saving),
      () => undefined,
    );
    const stop = listen('engine:event', (event) => {
      if (event.type === 'storage-changed') setSaving(event.storage);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  if (saving.kind === 'ok') return null;
  const retry = new Date(saving.retryOn).toLocaleTimeString();
  return (
    <div className="warning saving-banner" role="alert">
      <strong>Cannot save.</strong> {saving.reason} New tokens are kept in memory and used as usual,
      and saving is tried again (next at {retry}). Free some space or make the data folder writable;
      until then, quitting TokenDock would lose them.
    </div>
  );
}
