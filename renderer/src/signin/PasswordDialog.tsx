import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { Dialog } from '../components/Dialog';
import { PasswordWarning } from './PasswordWarning';

interface PasswordDialogProps {
  account: AccountView;
  onSubmit: (password: string) => void;
  onClose: () => void;
}

/** Asks for the password of a password-flow account, for this sign-in only. */
export function PasswordDialog({ account, onSubmit, onClose }: PasswordDialogProps) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError('Enter the password.');
      return;
    }
    onSubmit(password);
  };

  return (
    <Dialog title={`Sign in to ${account.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <PasswordWarning />
        <p>
          User <code>{account.username ?? '(none)'}</code>
        </p>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="off"
            data-autofocus
            value={password}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              setError(undefined);
            }}
          />
          {error && (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          )}
        </div>
        <div className="button-row dialog-buttons">
          <button type="submit" className="primary">
            Sign in
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
