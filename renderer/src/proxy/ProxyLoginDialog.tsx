import { useId, useState, type FormEvent } from 'react';
import type { ProxyLoginQuestion } from '../../../app/contract/channels';
import { errorInfo } from '../api/client';
import { Dialog } from '../components/Dialog';
import { answerProxyLogin, cancelProxyLogin, useProxyLogins } from './useProxyLogins';

/**
 * Mounted once in the window: shows the oldest open proxy question, one at a time. A new
 * question (another proxy) waits until this one is answered, cancelled or timed out.
 */
export function ProxyLoginPrompt() {
  const questions = useProxyLogins();
  const question = questions[0];
  if (!question) return null;
  // A new key per question: the dialog starts empty, and focus goes back where it was after each.
  return <ProxyLoginDialog key={question.id} question={question} waiting={questions.length - 1} />;
}

interface ProxyLoginDialogProps {
  question: ProxyLoginQuestion;
  /** How many more questions (other proxies) wait after this one. */
  waiting: number;
}

/**
 * Asks for a proxy's user name and password. The password goes to the host once and is not kept
 * in this window; the host keeps it only in memory until TokenDock quits.
 */
export function ProxyLoginDialog({ question, waiting }: ProxyLoginDialogProps) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const proxy = `${question.host}:${question.port}`;
  const until = new Date(question.expiresAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username) {
      setFieldError('Enter the user name.');
      return;
    }
    setBusy(true);
    try {
      await answerProxyLogin(question.id, { username, password });
    } catch (error) {
      setFailure(errorInfo(error).message);
    } finally {
      setPassword('');
      setBusy(false);
    }
  };
  const cancel = () => {
    setPassword('');
    void cancelProxyLogin(question.id).catch(() => undefined);
  };

  return (
    <Dialog title="Proxy sign-in" onClose={cancel}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={`${id}-intro`}>
        <p id={`${id}-intro`}>
          The proxy <strong>{proxy}</strong> asks for a user name and password before TokenDock can
          reach your identity providers.
        </p>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-host`}>Proxy host</label>
            <input id={`${id}-host`} type="text" readOnly value={question.host} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-port`}>Port</label>
            <input id={`${id}-port`} type="text" readOnly value={String(question.port)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-realm`}>Realm</label>
          <input
            id={`${id}-realm`}
            type="text"
            readOnly
            value={question.realm || '(none given)'}
            aria-describedby={`${id}-scheme`}
          />
          <p id={`${id}-scheme`} className="field-hint">
            Authentication scheme: {question.scheme || 'unknown'}
            {question.scheme.toLowerCase() === 'basic' &&
              '. Basic authentication sends the password to the proxy unencrypted unless the proxy is reached over HTTPS.'}
          </p>
        </div>
        <div className={`field${fieldError ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-username`}>User name</label>
          <input
            id={`${id}-username`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            value={username}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${id}-username-error` : undefined}
            onChange={(e) => {
              setUsername(e.target.value);
              setFieldError(undefined);
            }}
          />
          {fieldError && (
            <p id={`${id}-username-error`} className="field-error">
              {fieldError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="off"
            value={password}
            aria-describedby={`${id}-kept`}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id={`${id}-kept`} className="field-hint">
            TokenDock does not save this password. It is kept in memory only, for this proxy, until
            TokenDock quits.
          </p>
        </div>
        <p className="field-hint">
          Unanswered, the question is cancelled at {until}, and the requests waiting for the proxy
          fail; TokenDock asks again when it next needs the proxy.
          {waiting > 0 &&
            ` ${waiting} more ${waiting === 1 ? 'proxy asks' : 'proxies ask'} after this one.`}
        </p>
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
        <div className="button-row dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            OK
          </button>
          <button type="button" onClick={cancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
