import { useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import {
  importedSource,
  importOrder,
  missingSecret,
  readShareFile,
  shareFile,
  toAccountInput,
  type SharedAccount,
} from '../../../app/contract/account-share';
import { call, errorInfo } from '../api/client';
import { FLOW_LABELS } from '../format/labels';
import { DownloadButton } from '../sandbox/values';

type Outcome = { name: string; added: true } | { name: string; added: false; problem: string };

/**
 * Export the accounts' configurations as JSON (no secret, no token), and import such a file:
 * the person types the secrets it leaves out, each account is added as the form adds one (the
 * engine checks every field), on-behalf-of accounts after their source.
 */
export function ShareAccounts({ accounts }: { accounts: AccountView[] }) {
  const [file, setFile] = useState<{ name: string; accounts: SharedAccount[] }>();
  const [problem, setProblem] = useState<string>();
  const [secrets, setSecrets] = useState<Record<number, string>>({});
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  const [busy, setBusy] = useState(false);

  const choose = async (chosen: File | undefined) => {
    setOutcomes(undefined);
    setSecrets({});
    if (!chosen) return;
    const read = readShareFile(await chosen.text());
    if ('problem' in read) {
      setFile(undefined);
      setProblem(read.problem);
      return;
    }
    setProblem(undefined);
    setFile({ name: chosen.name, accounts: read.accounts });
  };

  const importAll = async () => {
    if (!file) return;
    setBusy(true);
    const results: Outcome[] = [];
    const added = new Map<string, AccountView>();
    for (const index of importOrder(file.accounts)) {
      const account = file.accounts[index]!;
      try {
        const view = await call('accounts:add', {
          input: toAccountInput(
            account,
            secrets[index]?.trim() || undefined,
            importedSource(account, added),
          ),
        });
        added.set(view.name, view);
        results.push({ name: account.name, added: true });
      } catch (e) {
        const info = errorInfo(e);
        const fields = Object.values(info.fields ?? {});
        results.push({
          name: account.name,
          added: false,
          problem: fields.length ? fields.join(' ') : info.message,
        });
      }
    }
    setOutcomes(results);
    setBusy(false);
    if (results.every((r) => r.added)) setFile(undefined);
  };

  return (
    <>
      <p className="field-hint">
        Share a set-up with a colleague: the file holds each account&apos;s provider, client, flow
        and targets, never a secret or a token. Each account also has &ldquo;Copy link&rdquo;.
      </p>
      <div className="button-row">
        <DownloadButton
          fileName="tokendock-accounts.json"
          text={`${JSON.stringify(shareFile(accounts), null, 2)}\n`}
          label={`Export ${accounts.length} account${accounts.length === 1 ? '' : 's'}`}
        />
        <label className="file-button">
          Import accounts…
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {file && (
        <form
          className="card import-list"
          aria-label={`Accounts in ${file.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            void importAll();
          }}
        >
          <p>
            {file.accounts.length} account{file.accounts.length === 1 ? '' : 's'} in {file.name}:
          </p>
          <ul>
            {file.accounts.map((account, index) => {
              const secret = missingSecret(account);
              return (
                <li key={index}>
                  <strong>{account.name}</strong>{' '}
                  <span className="muted small">{FLOW_LABELS[account.flow]}</span>
                  {secret && (
                    <label className="import-secret">
                      Its {secret} (the file leaves it out)
                      {secret === 'private key' ? (
                        // A PEM has line breaks, which a one-line field would drop.
                        <textarea
                          className="mono"
                          rows={4}
                          spellCheck={false}
                          autoComplete="off"
                          value={secrets[index] ?? ''}
                          onChange={(e) => setSecrets((s) => ({ ...s, [index]: e.target.value }))}
                        />
                      ) : (
                        <input
                          type="password"
                          autoComplete="off"
                          value={secrets[index] ?? ''}
                          onChange={(e) => setSecrets((s) => ({ ...s, [index]: e.target.value }))}
                        />
                      )}
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Importing…' : `Import ${file.accounts.length}`}
            </button>
            <button type="button" onClick={() => setFile(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {outcomes && (
        <ul className="import-outcomes" role="status">
          {outcomes.map((o, i) => (
            <li key={i}>
              {o.added ? `Added ${o.name}.` : `${o.name} was not added: ${o.problem}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
