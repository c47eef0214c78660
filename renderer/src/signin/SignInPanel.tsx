import type { AccountView } from '../../../app/contract/accounts';
import { errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { DeviceCodePanel } from './DeviceCodePanel';
import { cancelSignIn, dismissSignIn, useSignIn } from './store';

/** What a running sign-in is waiting for, by flow. */
function waitingFor(account: AccountView): string {
  switch (account.flow) {
    case 'authorization_code':
      return account.signInMode === 'system-browser'
        ? 'Finish signing in in your browser. TokenDock is waiting for the provider to send you back.'
        : 'Finish signing in in the sign-in window. TokenDock is waiting for the provider to answer.';
    case 'device_code':
      return 'Asking the provider for a code…';
    case 'password':
      return 'Checking the user name and password with the provider…';
    default:
      return 'Getting tokens from the provider…';
  }
}

/** Sign-in progress (with the device code prompt), or why it failed, for one account. */
export function SignInPanel({ account, onRetry }: { account: AccountView; onRetry: () => void }) {
  const state = useSignIn(account.id);
  if (!state || state.status === 'done') return null;

  const cancel = () => {
    cancelSignIn(account.id).catch((e: unknown) => console.warn(errorInfo(e).message));
  };

  if (state.status === 'running') {
    return (
      <section className="card sign-in-panel" aria-label="Sign-in in progress">
        {state.prompt ? (
          <DeviceCodePanel accountId={account.id} prompt={state.prompt} onCancel={cancel} />
        ) : (
          <>
            <p role="status" className="progress">
              <span className="spinner" aria-hidden="true" />
              {state.step ?? waitingFor(account)}
            </p>
            <div className="button-row">
              <button type="button" onClick={cancel}>
                Cancel sign-in
              </button>
            </div>
          </>
        )}
      </section>
    );
  }

  if (state.status === 'cancelled') {
    return (
      <section className="card sign-in-panel" aria-label="Sign-in cancelled">
        <p role="status">The sign-in was cancelled. Nothing changed.</p>
        <div className="button-row">
          <button type="button" onClick={onRetry}>
            Try again
          </button>
          <button type="button" onClick={() => dismissSignIn(account.id)}>
            Dismiss
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card sign-in-panel" aria-label="Sign-in failed">
      <ErrorDetails
        title="Sign-in failed"
        error={state.error}
        onDismiss={() => dismissSignIn(account.id)}
      />
      <div className="button-row">
        <button type="button" className="primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </section>
  );
}
