import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import {
  findAccounts,
  isAccountSort,
  parsePinned,
  type AccountSort,
} from '../../../app/contract/account-search';
import type { AccountView } from '../../../app/contract/accounts';
import { VirtualList, type VirtualListHandle } from '../components/VirtualList';
import { measureListRender } from '../format/perf';
import { AccountRow } from './AccountRow';
import { hasTextSelection, isCopyShortcut } from './copy-primary';
import { useCopyPrimary } from './useCopyPrimary';

const ROW_HEIGHT = 56;
const PAGE = 8;
const SORT_KEY = 'tokendock.accounts.sort';
const PINNED_KEY = 'tokendock.accounts.pinned';

/** localStorage, or undefined where it is unavailable (blocked, private mode). */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function remember(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // Not remembered; the choice still holds for this session.
  }
}

function initialSort(): AccountSort {
  const stored = storage()?.getItem(SORT_KEY);
  return isAccountSort(stored) ? stored : 'added';
}

interface AccountListProps {
  accounts: AccountView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

/**
 * The accounts sidebar: a search box and a listbox. Arrow keys, Home/End and Page Up/Down move
 * the selection (the detail follows); the listbox keeps focus and points at the selected option
 * with aria-activedescendant, which works with virtualised rows. Enter or Ctrl/Cmd+C copies the
 * selected account's primary token, Shift+Enter or Ctrl/Cmd+Shift+C as a header.
 */
export function AccountList({ accounts, selectedId, onSelect }: AccountListProps) {
  const prefix = useId();
  const listId = `${prefix}-list`;
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<AccountSort>(initialSort);
  const [pinned, setPinned] = useState<ReadonlySet<string>>(
    () => new Set(parsePinned(storage()?.getItem(PINNED_KEY))),
  );
  const list = useRef<VirtualListHandle>(null);
  const copyPrimary = useCopyPrimary();
  useLayoutEffect(measureListRender, [accounts]);

  const filtered = useMemo(
    () => findAccounts(accounts, query, sort, pinned),
    [accounts, query, sort, pinned],
  );

  const changeSort = (value: string) => {
    if (!isAccountSort(value)) return;
    setSort(value);
    remember(SORT_KEY, value);
  };

  const togglePin = useCallback((id: string) => {
    setPinned((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      remember(PINNED_KEY, JSON.stringify([...next]));
      return next;
    });
  }, []);
  const selected = accounts.find((a) => a.id === selectedId);

  const selectedIndex = useMemo(
    () => filtered.findIndex((a) => a.id === selectedId),
    [filtered, selectedId],
  );
  const optionId = useCallback((id: string) => `${prefix}-option-${id}`, [prefix]);

  const move = (index: number) => {
    const clamped = Math.max(0, Math.min(filtered.length - 1, index));
    const account = filtered[clamped];
    if (!account) return;
    onSelect(account.id);
    list.current?.scrollToIndex(clamped);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Enter, or Ctrl/Cmd+C with no text selected: the selected account's primary token
    // (Shift: as an Authorization header).
    const copy =
      (event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.metaKey) ||
      (isCopyShortcut(event) && !hasTextSelection());
    if (copy) {
      const account = filtered[selectedIndex];
      if (!account) return;
      event.preventDefault();
      void copyPrimary(account, event.shiftKey ? 'header' : 'raw');
      return;
    }
    const keys: Record<string, () => number> = {
      ArrowDown: () => selectedIndex + 1,
      ArrowUp: () => (selectedIndex < 0 ? 0 : selectedIndex - 1),
      Home: () => 0,
      End: () => filtered.length - 1,
      PageDown: () => selectedIndex + PAGE,
      PageUp: () => selectedIndex - PAGE,
    };
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    move(next());
  };

  const onSearchKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown') return;
    event.preventDefault();
    list.current?.focus();
    if (selectedIndex < 0) move(0);
  };

  const renderRow = (index: number) => {
    const account = filtered[index]!;
    const isPinned = pinned.has(account.id);
    // The option cannot hold a button (an option's content is presentational), so the pin mark
    // sits beside it for the mouse; keyboard and screen readers use the Pin button above the list.
    return (
      <div key={account.id} role="none" className={`account-row-wrap${isPinned ? ' pinned' : ''}`}>
        <AccountRow
          account={account}
          optionId={optionId(account.id)}
          selected={account.id === selectedId}
          index={index}
          count={filtered.length}
          onSelect={onSelect}
        />
        <span
          aria-hidden="true"
          className="account-pin-mark"
          title={isPinned ? 'Unpin' : 'Pin to the top'}
          onClick={() => togglePin(account.id)}
        >
          {isPinned ? '★' : '☆'}
        </span>
      </div>
    );
  };

  return (
    <div className="account-list">
      <input
        type="search"
        className="search"
        aria-label="Search accounts"
        aria-controls={listId}
        placeholder="Search accounts"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKeyDown}
      />
      <div className="account-list-tools">
        <label className="small muted">
          Sort
          <select value={sort} onChange={(e) => changeSort(e.target.value)}>
            <option value="added">Order added</option>
            <option value="name">Name</option>
            <option value="expiry">Soonest expiry</option>
          </select>
        </label>
        {selected && (
          <button
            type="button"
            className="small account-pin-button"
            aria-pressed={pinned.has(selected.id)}
            aria-label={`${pinned.has(selected.id) ? 'Unpin' : 'Pin'} ${selected.name}`}
            title={`${pinned.has(selected.id) ? 'Unpin' : 'Pin'} ${selected.name}: pinned accounts stay at the top`}
            onClick={() => togglePin(selected.id)}
          >
            <span aria-hidden="true">{pinned.has(selected.id) ? '★ ' : '☆ '}</span>
            {pinned.has(selected.id) ? 'Unpin' : 'Pin'}
          </button>
        )}
      </div>
      {query && (
        <p className="muted small list-count" aria-live="polite">
          {filtered.length} of {accounts.length} accounts
        </p>
      )}
      {filtered.length === 0 && query && (
        <p className="muted small list-empty">No account matches “{query}”.</p>
      )}
      <VirtualList
        ref={list}
        id={listId}
        role="listbox"
        aria-label="Accounts"
        aria-describedby={`${prefix}-keys`}
        aria-activedescendant={
          selectedIndex >= 0 ? optionId(filtered[selectedIndex]!.id) : undefined
        }
        tabIndex={0}
        className="listbox"
        count={filtered.length}
        rowHeight={ROW_HEIGHT}
        renderRow={renderRow}
        onKeyDown={onKeyDown}
      />
      <p id={`${prefix}-keys`} className="visually-hidden">
        Enter copies the selected account's token; Shift+Enter copies it as a header. Control+K
        opens the quick switcher.
      </p>
    </div>
  );
}
