import { useState } from 'react';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import type { Navigate, SandboxInfo } from '../navigation';

interface FirstRunProps {
  navigate: Navigate;
  onSandbox: (info: SandboxInfo) => void;
}

/** No accounts yet: try the built-in sandbox provider, or add a real account. */
export function FirstRun({ navigate, onSandbox }: FirstRunProps) {
  return (
    <section className="empty-state" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Welcome to TokenDock</h2>
      <p>
        TokenDock signs you in to OAuth 2.0 and OpenID Connect providers, keeps every token fresh in
        the background and puts a valid one a click away.
      </p>
      <p className="muted">
        Nothing is set up yet. Try it safely with the sandbox provider that runs on this computer
        only, or add an account of your own provider (Microsoft Entra ID or any OpenID Connect
        provider).
      </p>
      <div className="button-row center">
        <TrySandboxButton onSandbox={onSandbox} primary />
        <button type="button" onClick={() => navigate({ kind: 'add' })}>
          Add account
        </button>
      </div>
    </section>
  );
}

/**
 * Starts the sandbox provider and adds one demo account per flow. Where the demo accounts are
 * there already, it offers to reset them (remove, then add fresh ones) instead of adding a second
 * set.
 */
export function TrySandboxButton({
  onSandbox,
  primary = false,
}: {
  onSandbox: (info: SandboxInfo) => void;
  primary?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  /** How many demo accounts are there, when the person is asked whether to reset them. */
  const [existing, setExisting] = useState<number>();
  const run = async (reset: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!reset) {
        const details = await call('sandbox:details', {});
        if (details.demoAccountIds.length > 0) {
          setExisting(details.demoAccountIds.length);
          return;
        }
      }
      setExisting(undefined);
      onSandbox(await call('sandbox:try', reset ? { reset } : {}));
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        disabled={busy}
        onClick={() => void run(false)}
      >
        {busy ? 'Starting the sandbox…' : 'Try the sandbox provider'}
      </button>
      {existing !== undefined && (
        <div className="warning sandbox-reset" role="alert">
          <p>
            The sandbox’s {existing} demo account{existing === 1 ? ' is' : 's are'} there already.
            Reset them? They are removed with their tokens, and fresh ones are added.
          </p>
          <div className="button-row">
            <button type="button" className="primary" onClick={() => void run(true)}>
              Reset the sandbox accounts
            </button>
            <button type="button" onClick={() => setExisting(undefined)}>
              Keep them
            </button>
          </div>
        </div>
      )}
      {error && <ErrorDetails title="The sandbox did not start" error={error} />}
    </>
  );
}
