import { readAddLink } from '../../app/contract/account-share';
import type { AccountView } from '../../app/contract/accounts';
import { AccountDetail } from './accounts/AccountDetail';
import { FirstRun } from './accounts/FirstRun';
import { SandboxReady } from './accounts/SandboxReady';
import { ActivityView } from './activity/ActivityView';
import { DecoderView } from './decoder/DecoderView';
import { AccountForm } from './form/AccountForm';
import type { Navigate, SandboxInfo, View } from './navigation';
import { SandboxPanel } from './sandbox/SandboxPanel';
import { SettingsView } from './settings/SettingsView';

interface MainViewProps {
  view: View;
  accounts: AccountView[];
  sandbox: SandboxInfo | undefined;
  navigate: Navigate;
  onSandbox: (info: SandboxInfo) => void;
}

/** The main area for the current view. */
export function MainView({ view, accounts, sandbox, navigate, onSandbox }: MainViewProps) {
  const find = (id: string | undefined) => accounts.find((a) => a.id === id);
  switch (view.kind) {
    case 'add': {
      const link = view.link ? readAddLink(view.link) : undefined;
      const prefill = link && 'account' in link ? link.account : undefined;
      return (
        <AccountForm
          key={view.link ?? 'new'}
          {...{ accounts, navigate, onSandbox }}
          {...(prefill ? { prefill } : {})}
        />
      );
    }
    case 'edit': {
      const account = find(view.accountId);
      return account ? (
        <AccountForm key={account.id} {...{ account, accounts, navigate, onSandbox }} />
      ) : (
        <Gone navigate={navigate} />
      );
    }
    case 'decoder':
      return (
        <DecoderView
          source={view.source}
          account={find(view.source?.accountId)}
          navigate={navigate}
        />
      );
    case 'activity':
      return <ActivityView navigate={navigate} />;
    case 'settings':
      return <SettingsView accounts={accounts} />;
    case 'sandbox':
      return <SandboxPanel accounts={accounts} onSandbox={onSandbox} />;
    case 'accounts': {
      if (accounts.length === 0) return <FirstRun navigate={navigate} onSandbox={onSandbox} />;
      const account = find(view.accountId);
      if (account)
        return <AccountDetail key={account.id} {...{ account, accounts, sandbox, navigate }} />;
      if (view.accountId) return <Gone navigate={navigate} />;
      if (sandbox) return <SandboxReady {...{ sandbox, accounts, navigate }} />;
      return (
        <section className="empty-state" aria-label="No account chosen">
          <h2>Choose an account</h2>
          <p className="muted">
            Pick one on the left (arrow keys work there) to see its tokens, or add another.
          </p>
        </section>
      );
    }
  }
}

function Gone({ navigate }: { navigate: Navigate }) {
  return (
    <section className="empty-state" aria-label="Account not found">
      <h2>This account is gone</h2>
      <p className="muted">It was removed.</p>
      <button type="button" onClick={() => navigate({ kind: 'accounts' })}>
        Back to the accounts
      </button>
    </section>
  );
}
