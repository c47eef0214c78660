import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo, listen } from '../api/client';
import { markListData } from '../format/perf';

/** How long engine events are gathered before the list is fetched again. */
const DEBOUNCE_MS = 120;
/** A safety net: time-based states (valid → expiring) change without an event. */
const POLL_MS = 30_000;

export interface AccountsState {
  accounts: AccountView[] | undefined;
  error: ErrorInfo | undefined;
  reload: () => void;
}

/**
 * The account list, fetched again (debounced, never two fetches at once) after every engine
 * event. Unchanged accounts keep their previous object, so memoised rows skip rendering.
 */
export function useAccounts(): AccountsState {
  const [accounts, setAccounts] = useState<AccountView[]>();
  const [error, setError] = useState<ErrorInfo>();
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const previous = useRef(new Map<string, { json: string; view: AccountView }>());

  const fetchNow = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const list = await call('accounts:list', {});
      const next = new Map<string, { json: string; view: AccountView }>();
      const views = list.map((view) => {
        const json = JSON.stringify(view);
        const old = previous.current.get(view.id);
        const kept = old && old.json === json ? old.view : view;
        next.set(view.id, { json, view: kept });
        return kept;
      });
      previous.current = next;
      markListData();
      setAccounts(views);
      setError(undefined);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void fetchNow();
      }
    }
  }, []);

  const reload = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void fetchNow(), DEBOUNCE_MS);
  }, [fetchNow]);

  useEffect(() => {
    void fetchNow();
    const stop = listen('engine:event', reload);
    const poll = setInterval(reload, POLL_MS);
    return () => {
      stop();
      clearInterval(poll);
      clearTimeout(timer.current);
    };
  }, [fetchNow, reload]);

  return { accounts, error, reload };
}
