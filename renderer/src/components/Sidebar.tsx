import type { AccountView } from '../../../app/contract/accounts';
import { AccountList } from '../accounts/AccountList';
import type { Navigate } from '../navigation';

interface SidebarProps {
  accounts: AccountView[] | undefined;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  navigate: Navigate;
}

/** The accounts, always at hand; "Add account" under them. */
export function Sidebar({ accounts, selectedId, onSelect, navigate }: SidebarProps) {
  return (
    <aside className="sidebar" aria-label="Accounts">
      {accounts === undefined ? (
        <p className="muted small pad">Loading accounts…</p>
      ) : accounts.length === 0 ? (
        <p className="muted small pad">No accounts yet.</p>
      ) : (
        <AccountList accounts={accounts} selectedId={selectedId} onSelect={onSelect} />
      )}
      <div className="sidebar-footer">
        <button type="button" className="wide" onClick={() => navigate({ kind: 'add' })}>
          + Add account
        </button>
      </div>
    </aside>
  );
}
