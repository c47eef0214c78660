import { isAppOnlyFlow } from '../../../app/contract/accounts';
import { useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import { signInOffer } from '../../../app/contract/target-status';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { StateBadge } from '../components/StateBadge';
import type { Navigate, SandboxInfo } from '../navigation';
import { PasswordDialog } from '../signin/PasswordDialog';
import { SignInPanel } from '../signin/SignInPanel';
import { signIn, useSignIn } from '../signin/store';
import { ClaimsChallengeNotice } from './ClaimsChallengeNotice';
import { CopyLinkButton } from './CopyLinkButton';
import { IdentitySummary } from './IdentitySummary';
import { SignInDue } from './SignInDue';
import { RemoveDialog } from './RemoveDialog';
import { SandboxUsers } from './SandboxUsers';
import { TargetCard } from './TargetCard';

interface AccountDetailProps {
  /** Every account: a shared link names an on-behalf-of source by name. */
  accounts: AccountView[];
  account: AccountView;
  sandbox: SandboxInfo | undefined;
  navigate: Navigate;
}

/** The copy "Duplicate" just made: its heading takes the focus when it first shows. */
let focusHeadingOf: string | undefined;

/** One account: who, its sign-in, one card per target, Edit, Duplicate and Remove. */
export function AccountDetail({ account, accounts, sandbox, navigate }: AccountDetailProps) {
  const [dialog, setDialog] = useState<'password' | 'remove'>();
  const [duplicating, setDuplicating] = useState(false);
  const [duplicateError, setDuplicateError] = useState<ErrorInfo>();
  const heading = useRef<HTMLHeadingElement>(null);
  const signInState = useSignIn(account.id);
  const running = signInState?.status === 'running';
  // Offered only where signing in helps (never while offline or retrying); kept on screen while
  // this window's sign-in runs, so the focus stays on it.
  const offer = signInOffer(account);
  const refusal = account.targets.find((t) => t.state === 'needs-sign-in')?.lastError;

  useEffect(() => {
    if (focusHeadingOf !== account.id) return;
    focusHeadingOf = undefined;
    // After the navigation's own focus move (to the main area), which is queued the same way.
    const frame = requestAnimationFrame(() => heading.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [account.id]);

  const duplicate = async () => {
    if (duplicating) return;
    setDuplicating(true);
    setDuplicateError(undefined);
    try {
      const copy = await call('accounts:duplicate', { accountId: account.id });
      focusHeadingOf = copy.id;
      navigate({ kind: 'accounts', accountId: copy.id });
    } catch (e) {
      setDuplicateError(errorInfo(e));
      setDuplicating(false);
    }
  };

  const startSignIn = () => {
    if (account.flow === 'password') setDialog('password');
    else void signIn(account.id);
  };

  return (
    <article className="account-detail" aria-labelledby="account-title">
      <header className="detail-header">
        <div className="detail-title">
          <h2 id="account-title" ref={heading} tabIndex={-1}>
            {account.name}
          </h2>
          <StateBadge state={account.state} />
        </div>
        <div className="button-row">
          {(offer.kind !== 'none' || running) && (
            <button
              type="button"
              className={offer.kind !== 'none' && offer.primary ? 'primary' : undefined}
              // aria-disabled, not disabled: the focus stays here after the password dialog.
              aria-disabled={running || undefined}
              onClick={() => {
                if (!running) startSignIn();
              }}
            >
              {running ? 'Signing in…' : offer.kind === 'sign-in' ? 'Sign in' : 'Sign in again'}
            </button>
          )}
          <button type="button" onClick={() => navigate({ kind: 'edit', accountId: account.id })}>
            Edit
          </button>
          <button
            type="button"
            aria-label={`Duplicate ${account.name}`}
            // aria-disabled, not disabled: the focus stays on it if duplicating fails.
            aria-disabled={duplicating || undefined}
            onClick={() => void duplicate()}
          >
            Duplicate
          </button>
          <CopyLinkButton account={account} accounts={accounts} />
          <button type="button" className="danger-outline" onClick={() => setDialog('remove')}>
            Remove
          </button>
        </div>
      </header>

      {duplicateError && (
        <ErrorDetails title={`${account.name} could not be duplicated`} error={duplicateError} />
      )}

      {/* The refresh token itself was refused (it is gone); a target the grant never covered
          says so on its own card, and the account's other tokens stay offered. */}
      {account.state === 'needs-sign-in' &&
        !account.hasRefreshToken &&
        !running &&
        signInState?.status !== 'failed' && (
          <div className="warning needs-sign-in">
            <p>
              The provider no longer accepts this account's refresh token (it was revoked, expired
              or needs new consent), so its tokens are not offered. Sign in again to get new ones.
            </p>
            {refusal && (
              <ErrorDetails title="The refresh was refused" error={refusal} alert={false} />
            )}
          </div>
        )}

      <ClaimsChallengeNotice account={account} />
      <SignInPanel account={account} onRetry={startSignIn} />
      <IdentitySummary account={account} />
      <SignInDue account={account} now={Date.now()} />

      {sandbox && account.authority.kind === 'sandbox' && !isAppOnlyFlow(account.flow) && (
        <details className="card">
          <summary>Sandbox demo users and passwords</summary>
          <SandboxUsers sandbox={sandbox} />
        </details>
      )}

      <h3 className="section-title">Tokens</h3>
      <div className="target-cards">
        {account.targets.map((target) => (
          <TargetCard key={target.id} account={account} target={target} navigate={navigate} />
        ))}
      </div>

      {dialog === 'password' && (
        <PasswordDialog
          account={account}
          onClose={() => setDialog(undefined)}
          onSubmit={(password) => {
            setDialog(undefined);
            void signIn(account.id, password);
          }}
        />
      )}
      {dialog === 'remove' && (
        <RemoveDialog
          account={account}
          onClose={() => setDialog(undefined)}
          onRemoved={() => {
            setDialog(undefined);
            navigate({ kind: 'accounts' });
          }}
        />
      )}
    </article>
  );
}
