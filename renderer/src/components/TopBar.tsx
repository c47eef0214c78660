import { useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { call } from '../api/client';
import { modifierKey } from '../format/keys';
import { useSettingsContext } from '../hooks/useSettings';
import type { Navigate, View } from '../navigation';

const SECTIONS: Array<{
  kind: 'accounts' | 'decoder' | 'activity' | 'sandbox' | 'settings';
  label: string;
}> = [
  { kind: 'accounts', label: 'Accounts' },
  { kind: 'decoder', label: 'Decoder' },
  { kind: 'activity', label: 'Activity' },
  { kind: 'sandbox', label: 'Sandbox' },
  { kind: 'settings', label: 'Settings' },
];

interface TopBarProps {
  view: View;
  navigate: Navigate;
  /** Opens the quick switcher (also Ctrl/Cmd+K). */
  onQuickSwitch: () => void;
}

/** The app's name, its sections, "Refresh all" and the quick switcher. */
export function TopBar({ view, navigate, onQuickSwitch }: TopBarProps) {
  const current = view.kind === 'add' || view.kind === 'edit' ? 'accounts' : view.kind;
  return (
    <header className="top-bar">
      <h1 className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚓
        </span>
        TokenDock
      </h1>
      <nav aria-label="Sections">
        <ul className="sections">
          {SECTIONS.map((section) => (
            <li key={section.kind}>
              <button
                type="button"
                className="section-link"
                aria-current={current === section.kind ? 'page' : undefined}
                onClick={() => navigate({ kind: section.kind })}
              >
                {section.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <RefreshAll />
      <button
        type="button"
        className="quick-switch-button"
        aria-keyshortcuts="Control+K Meta+K"
        title="Find an account and copy its token"
        onClick={onQuickSwitch}
      >
        Switch <kbd aria-hidden="true">{modifierKey('K')}</kbd>
      </button>
    </header>
  );
}

/** Every target that holds a token (and so can be refreshed), with its account. */
function refreshable(accounts: AccountView[]) {
  return accounts.flatMap((account) =>
    account.targets
      .filter((target) => target.expiresOn !== undefined)
      .map((target) => ({ accountId: account.id, targetId: target.id })),
  );
}

const plural = (n: number) => `${n} account${n === 1 ? '' : 's'}`;

/**
 * "Refresh all": refreshes every target that holds a token, at most the concurrency setting at
 * once, and says how many accounts it is refreshing, then how it went.
 */
function RefreshAll() {
  const { settings } = useSettingsContext();
  const [running, setRunning] = useState(false);
  const [status, setStatus] = useState('');

  const refreshAll = async () => {
    if (running) return;
    setRunning(true);
    setStatus('Refreshing…');
    try {
      const queue = refreshable(await call('accounts:list', {}));
      const count = new Set(queue.map((t) => t.accountId)).size;
      if (count === 0) {
        setStatus('No account holds a token to refresh.');
        return;
      }
      setStatus(`Refreshing ${plural(count)}…`);
      const failed = new Set<string>();
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          try {
            await call('tokens:refresh', next);
          } catch {
            failed.add(next.accountId);
          }
        }
      };
      const width = Math.max(1, Math.min(settings?.refreshConcurrency ?? 4, queue.length));
      await Promise.all(Array.from({ length: width }, worker));
      setStatus(
        failed.size === 0
          ? `Refreshed ${plural(count)}.`
          : `Refreshed ${count - failed.size} of ${plural(count)}; ${failed.size} failed (the account shows why).`,
      );
    } catch {
      setStatus('Refresh all failed: the accounts could not be listed.');
    } finally {
      setRunning(false);
    }
  };

  return (
    <div
      className="refresh-all"
      style={{ marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}
    >
      <p
        className="muted small"
        role="status"
        style={{ margin: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        title={status || undefined}
      >
        {status}
      </p>
      <button
        type="button"
        // While running: aria-disabled rather than disabled, so the keyboard focus stays here.
        aria-disabled={running || undefined}
        style={{ flex: 'none' }}
        title="Refresh the token of every signed-in account"
        onClick={() => void refreshAll()}
      >
        Refresh all
      </button>
    </div>
  );
}
