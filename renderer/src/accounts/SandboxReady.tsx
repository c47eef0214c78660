import type { AccountView } from '../../../app/contract/accounts';
import { StateBadge } from '../components/StateBadge';
import { FLOW_LABELS } from '../format/labels';
import type { Navigate, SandboxInfo } from '../navigation';
import { SandboxUsers } from './SandboxUsers';

/** After "Try the sandbox provider": what was added, and the users to sign in with. */
interface SandboxReadyProps {
  sandbox: SandboxInfo;
  /** The live list, for current states (what sandbox:try answered is a snapshot). */
  accounts: AccountView[];
  navigate: Navigate;
}

export function SandboxReady({ sandbox, accounts, navigate }: SandboxReadyProps) {
  const live = new Map(accounts.map((a) => [a.id, a]));
  return (
    <section className="sandbox-ready" aria-labelledby="sandbox-ready-title">
      <h2 id="sandbox-ready-title">The sandbox provider is running</h2>
      <p>
        A real OpenID provider now runs at <code>{sandbox.issuer}</code>, on this computer only.
        TokenDock added one demo account for each sign-in flow; the app-only ones are signed in
        already. Pick one to sign in, using a demo user below.
      </p>
      <ul className="sandbox-accounts">
        {sandbox.added
          .map((added) => live.get(added.id) ?? added)
          .map((account) => (
            <li key={account.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ kind: 'accounts', accountId: account.id })}
              >
                {account.name}
              </button>{' '}
              <span className="muted small">{FLOW_LABELS[account.flow]}</span>{' '}
              <StateBadge state={account.state} />
            </li>
          ))}
      </ul>
      <SandboxUsers sandbox={sandbox} />
    </section>
  );
}
