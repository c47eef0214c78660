import { useEffect, useState } from 'react';
import type { AccountView, TargetView } from '../../../app/contract/accounts';
import { curlUrlProblem } from '../../../app/contract/curl-url';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo } from '../api/client';
import { Dialog } from '../components/Dialog';
import { ErrorDetails } from '../components/ErrorDetails';
import { TextField } from '../form/fields';

interface CurlUrlDialogProps {
  account: AccountView;
  target: TargetView;
  /** Saved with the target: copy now. */
  onSaved: (url: string) => void;
  onClose: () => void;
}

/**
 * The first "Copy as curl" of a target: asks where the command should call, prefilled with the
 * engine's guess (Graph's /v1.0/me for Graph scopes, the provider's userinfo for OpenID scopes),
 * and keeps the answer with the target, so it is asked once.
 */
export function CurlUrlDialog({ account, target, onSaved, onClose }: CurlUrlDialogProps) {
  const [url, setUrl] = useState('');
  const [guessed, setGuessed] = useState<boolean>();
  const [touched, setTouched] = useState(false);
  const [serverProblem, setServerProblem] = useState<string>();
  const [error, setError] = useState<ErrorInfo>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let current = true;
    call('targets:curl-url-guess', { accountId: account.id, targetId: target.id }).then(
      (guess) => {
        if (!current) return;
        setGuessed(guess.url !== undefined);
        if (guess.url) setUrl((typed) => typed || guess.url!);
      },
      () => current && setGuessed(false),
    );
    return () => {
      current = false;
    };
  }, [account.id, target.id]);

  const problem = url.trim() ? curlUrlProblem(url) : 'Enter the URL the curl command calls.';
  const shown = serverProblem ?? (touched ? problem : undefined);
  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    setServerProblem(undefined);
    try {
      await call('targets:set-curl-url', { accountId: account.id, targetId: target.id, url });
      onSaved(url.trim());
    } catch (e) {
      const info = errorInfo(e);
      if (info.fields?.curlUrl) setServerProblem(info.fields.curlUrl);
      else setError(info);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Where should curl call with ${target.label}?`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField
          name="curlUrl"
          label="API URL"
          value={url}
          onChange={(value) => {
            setUrl(value);
            setServerProblem(undefined);
          }}
          errors={shown ? { curlUrl: shown } : {}}
          hint={
            guessed
              ? 'A guess from the token’s scopes: change it to the API you call. It is kept with this target (Edit changes it).'
              : 'The API this token is for. It is kept with this target (Edit changes it).'
          }
          placeholder="https://api.example.com/orders"
        />
        {error && <ErrorDetails title="The URL was not saved" error={error} />}
        <div className="button-row dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save and copy'}
          </button>
          <button type="button" onClick={onClose} data-autofocus={url ? undefined : true}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
