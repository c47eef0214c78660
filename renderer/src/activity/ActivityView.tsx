import { useEffect, useId, useMemo, useState } from 'react';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { ActivityEntry, ActivityKind } from '../../../app/contract/events';
import { call, errorInfo, listen } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { RelativeTime } from '../components/RelativeTime';
import type { Navigate } from '../navigation';
import { KIND_LABELS, kindTone } from './kinds';

interface ActivityViewProps {
  /** Opens an account in the Accounts screen; without it, the account list is used instead. */
  navigate: Navigate;
}

/** The engine's redacted activity log, newest first, kept current. */
export function ActivityView({ navigate }: ActivityViewProps) {
  const [entries, setEntries] = useState<ActivityEntry[]>();
  const [existing, setExisting] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ErrorInfo>();
  const [query, setQuery] = useState('');
  const [accountFilter, setAccountFilter] = useState('');
  const [kindFilter, setKindFilter] = useState('');
  const ids = useId();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      void call('activity:list', {}).then(
        (list) => setEntries([...list].sort((a, b) => b.at - a.at)),
        (e: unknown) => setError(errorInfo(e)),
      );
      // Which accounts still exist (and their names now): only those can be opened.
      void call('accounts:list', {}).then(
        (list) => setExisting(new Map(list.map((a) => [a.id, a.name]))),
        () => undefined,
      );
    };
    load();
    const stop = listen('engine:event', () => {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, []);

  /** Every account the log names, newest name first, for the account filter. */
  const accountChoices = useMemo(() => {
    const seen = new Map<string, string>();
    for (const e of entries ?? [])
      if (e.accountId && !seen.has(e.accountId))
        seen.set(e.accountId, existing.get(e.accountId) ?? e.accountName ?? e.accountId);
    return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
  }, [entries, existing]);

  const kindChoices = useMemo(() => {
    const seen = new Set<ActivityKind>((entries ?? []).map((e) => e.kind));
    return (Object.keys(KIND_LABELS) as ActivityKind[]).filter((k) => seen.has(k));
  }, [entries]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return entries?.filter(
      (e) =>
        (!accountFilter || e.accountId === accountFilter) &&
        (!kindFilter || e.kind === kindFilter) &&
        (!q ||
          `${e.message} ${e.accountName ?? ''} ${e.targetLabel ?? ''} ${KIND_LABELS[e.kind]} ${e.code ?? ''}`
            .toLowerCase()
            .includes(q)),
    );
  }, [entries, query, accountFilter, kindFilter]);

  const filtering = Boolean(query.trim() || accountFilter || kindFilter);
  const clear = () => {
    setQuery('');
    setAccountFilter('');
    setKindFilter('');
  };

  const open = (accountId: string) => navigate({ kind: 'accounts', accountId });

  return (
    <section className="activity" aria-labelledby="activity-title">
      <div className="activity-header">
        <h2 id="activity-title">Activity</h2>
      </div>
      <p className="muted small">
        What TokenDock did, newest first. Tokens, secrets and passwords are never written here.
      </p>
      <div className="activity-filters" role="group" aria-label="Filter the activity">
        <div className="activity-filter">
          <label htmlFor={`${ids}-account`}>Account</label>
          <select
            id={`${ids}-account`}
            value={accountFilter}
            onChange={(e) => setAccountFilter(e.target.value)}
          >
            <option value="">All accounts</option>
            {accountChoices.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="activity-filter">
          <label htmlFor={`${ids}-kind`}>Kind</label>
          <select
            id={`${ids}-kind`}
            value={kindFilter}
            onChange={(e) => setKindFilter(e.target.value)}
          >
            <option value="">All kinds</option>
            {kindChoices.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="activity-filter">
          <label htmlFor={`${ids}-text`}>Text</label>
          <input
            id={`${ids}-text`}
            type="search"
            className="search"
            placeholder="Words in the entry"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        {filtering && (
          <button type="button" className="link-button" onClick={clear}>
            Clear filters
          </button>
        )}
      </div>
      {error && <ErrorDetails title="The activity log could not be read" error={error} />}
      {shown && shown.length === 0 && (
        <div className="activity-empty" role="status">
          {filtering ? (
            <>
              <p className="muted">No activity matches these filters.</p>
              <button type="button" onClick={clear}>
                Show all activity
              </button>
            </>
          ) : (
            <p className="muted">Nothing has happened yet.</p>
          )}
        </div>
      )}
      {shown && shown.length > 0 && (
        <p className="muted small activity-count" aria-live="polite">
          {filtering
            ? `${shown.length} of ${entries?.length ?? 0} entries`
            : `${shown.length} entries`}
        </p>
      )}
      <ol className="activity-list" aria-label="Activity, newest first">
        {shown?.map((entry, i) => {
          const name = (entry.accountId && existing.get(entry.accountId)) || entry.accountName;
          const openable = entry.accountId !== undefined && existing.has(entry.accountId);
          return (
            <li key={`${entry.at}-${i}`} data-kind={entry.kind}>
              <span className="activity-kind" data-tone={kindTone(entry.kind)}>
                {KIND_LABELS[entry.kind]}
              </span>
              <div className="activity-body">
                <div className="activity-meta">
                  <span className="activity-account">
                    <span className="activity-label">Account </span>
                    {name && openable ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Open ${name}`}
                        title={`Open ${name}`}
                        onClick={() => open(entry.accountId!)}
                      >
                        {name}
                      </button>
                    ) : (
                      <span className={name ? undefined : 'muted'}>{name ?? 'No account'}</span>
                    )}
                  </span>
                  {entry.targetLabel && (
                    <span className="activity-target">
                      <span className="activity-label">Target </span>
                      {entry.targetLabel}
                    </span>
                  )}
                </div>
                <span className="activity-message">
                  {entry.message}
                  {entry.code && <code className="error-code">{entry.code}</code>}
                  {entry.hint && <span className="activity-hint">{entry.hint}</span>}
                </span>
              </div>
              <span className="activity-time">
                <RelativeTime at={entry.at} />
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
