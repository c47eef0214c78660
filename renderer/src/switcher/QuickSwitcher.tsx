import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { findAccounts, parsePinned } from '../../../app/contract/account-search';
import type { AccountView } from '../../../app/contract/accounts';
import type { CopyFormat } from '../../../app/contract/tokens';
import { useCopyPrimary } from '../accounts/useCopyPrimary';
import { Dialog } from '../components/Dialog';
import { SwitcherOption } from './SwitcherOption';

/** At most this many results are listed (type more to narrow them). */
const MAX_RESULTS = 50;

function pinnedIds(): ReadonlySet<string> {
  try {
    return new Set(parsePinned(globalThis.localStorage?.getItem('tokendock.accounts.pinned')));
  } catch {
    return new Set();
  }
}

interface QuickSwitcherProps {
  accounts: AccountView[];
  onClose: () => void;
  /** Ctrl/Cmd+Enter: show the account in the window. */
  onOpenAccount: (accountId: string) => void;
}

/**
 * The quick switcher (Ctrl/Cmd+K): a search box over the accounts (the accounts list's search
 * rule: name, user, tenant, scopes, resources, client id; pinned first) and the results as a
 * listbox the box points into (combobox, aria-activedescendant). Arrow keys move; Enter copies
 * the account's primary token, Shift+Enter as a header, Alt+Enter as a curl command, and closes;
 * Ctrl/Cmd+Enter opens the account; Escape closes. Focus goes back where it was.
 */
export function QuickSwitcher({ accounts, onClose, onOpenAccount }: QuickSwitcherProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const copyPrimary = useCopyPrimary();
  const pinned = useMemo(pinnedIds, []);
  const found = useMemo(
    () => findAccounts(accounts, query, 'added', pinned),
    [accounts, query, pinned],
  );
  const shown = found.slice(0, MAX_RESULTS);
  const current = Math.min(active, shown.length - 1);
  const chosen = current >= 0 ? shown[current] : undefined;
  const optionId = (accountId: string) => `${id}-option-${accountId}`;

  const copy = async (account: AccountView, format: CopyFormat) => {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const outcome = await copyPrimary(account, format, { failureInPlace: true });
    setBusy(false);
    if (outcome.ok) onClose();
    else setFailure(outcome.why);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + 8,
      PageUp: current - 8,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(shown.length - 1, move)));
      setFailure(undefined);
      return;
    }
    if (event.key !== 'Enter' || !chosen) return;
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) {
      onOpenAccount(chosen.id);
      onClose();
      return;
    }
    void copy(chosen, event.shiftKey ? 'header' : event.altKey ? 'curl' : 'raw');
  };

  const count =
    found.length === 0
      ? `No account matches “${query}”.`
      : found.length > shown.length
        ? `${found.length} accounts match; the first ${shown.length} are listed.`
        : `${found.length} account${found.length === 1 ? '' : 's'}.`;

  return (
    <Dialog title="Quick switcher" onClose={onClose} className="switcher">
      <input
        type="text"
        className="switcher-search"
        role="combobox"
        aria-label="Find an account"
        aria-expanded={shown.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={chosen ? optionId(chosen.id) : undefined}
        aria-describedby={`${id}-keys`}
        placeholder="Name, user, tenant, scope or resource"
        autoComplete="off"
        spellCheck={false}
        data-autofocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setFailure(undefined);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="muted small switcher-count" role="status">
        {count}
      </p>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {shown.length > 0 && (
        <ul id={`${id}-list`} role="listbox" aria-label="Accounts found" className="switcher-list">
          {shown.map((account, index) => (
            <SwitcherOption
              key={account.id}
              id={optionId(account.id)}
              account={account}
              selected={index === current}
              onPoint={() => setActive(index)}
              onChoose={() => void copy(account, 'raw')}
            />
          ))}
        </ul>
      )}
      <p id={`${id}-keys`} className="muted small switcher-keys">
        <kbd>Enter</kbd> copies the token · <kbd>Shift</kbd>+<kbd>Enter</kbd> as a header ·{' '}
        <kbd>Alt</kbd>+<kbd>Enter</kbd> as curl · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> opens the account
        · <kbd>Esc</kbd> closes
      </p>
    </Dialog>
  );
}
