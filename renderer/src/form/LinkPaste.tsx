import { useState } from 'react';
import { readAddLink, type SharedAccount } from '../../../app/contract/account-share';
import { Field } from './fields';

/**
 * "Paste a TokenDock link": a colleague's `tokendock://add?…` link fills the form (where the app
 * cannot register the link, as in the browser mode, this is how one arrives). Nothing is saved
 * until the form is.
 */
export function LinkPaste({ onAccount }: { onAccount: (account: SharedAccount) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [filled, setFilled] = useState<string>();
  const apply = (value: string) => {
    if (!value.trim()) return;
    const read = readAddLink(value);
    if ('problem' in read) {
      setProblem(read.problem);
      setFilled(undefined);
      return;
    }
    setProblem(undefined);
    setFilled(
      `Filled in from the link: ${read.account.name}. Check it, add any secret, then save.`,
    );
    setText('');
    onAccount(read.account);
  };
  return (
    <details className="link-paste">
      <summary>Have a TokenDock link? Paste it here</summary>
      <Field
        name="addLink"
        label="TokenDock link"
        errors={problem ? { addLink: problem } : {}}
        hint="A tokendock://add link a colleague copied from their account. It carries no secret."
      >
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={text}
            placeholder="tokendock://add?account=…"
            onChange={(e) => setText(e.target.value)}
            onPaste={(e) => {
              const pasted = e.clipboardData.getData('text');
              if (pasted) {
                e.preventDefault();
                apply(pasted);
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                apply(text);
              }
            }}
          />
        )}
      </Field>
      <p className="muted small" role="status">
        {filled}
      </p>
    </details>
  );
}
