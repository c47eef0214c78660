import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { VirtualList, type VirtualListHandle } from '../components/VirtualList';
import { measureListRender } from '../format/perf';
import { AccountRow, accountUser } from './AccountRow';

const ROW_HEIGHT = 56;
const PAGE = 8;

interface AccountListProps {
  accounts: AccountView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

/**
 * The accounts sidebar: a search box and a listbox. Arrow keys, Home/End and Page Up/Down move
 * the selection (the detail follows); the listbox keeps focus and points at the selected option
 * with aria-activedescendant, which works with virtualised rows.
 */
export function AccountList({ accounts, selectedId, onSelect }: AccountListProps) {
  const prefix = useId();
  const listId = `${prefix}-list`;
  const [query, setQuery] = useState('');
  const list = useRef<VirtualListHandle>(null);
  useLayoutEffect(measureListRender, [accounts]);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return accounts;
    return accounts.filter((a) =>
      `${a.name}\n${accountUser(a)}\n${a.authorityLabel}`.toLowerCase().includes(q),
    );
  }, [accounts, query]);

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
    return (
      <AccountRow
        key={account.id}
        account={account}
        optionId={optionId(account.id)}
        selected={account.id === selectedId}
        index={index}
        count={filtered.length}
        onSelect={onSelect}
      />
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
    </div>
  );
}
