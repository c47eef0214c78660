import { useEffect, useMemo, useState } from 'react';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { ActivityEntry } from '../../../app/contract/events';
import { call, errorInfo, listen } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { RelativeTime } from '../components/RelativeTime';

const FAILURES = new Set(['sign-in-failed', 'refresh-failed', 'revoke-failed', 'needs-sign-in']);

/** The engine's redacted activity log, newest first, kept current. */
export function ActivityView() {
  const [entries, setEntries] = useState<ActivityEntry[]>();
  const [error, setError] = useState<ErrorInfo>();
  const [query, setQuery] = useState('');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      call('activity:list', {}).then(
        (list) => setEntries([...list].sort((a, b) => b.at - a.at)),
        (e: unknown) => setError(errorInfo(e)),
      );
    void load();
    const stop = listen('engine:event', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 200);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, []);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q
      ? entries?.filter((e) =>
          `${e.message} ${e.accountName ?? ''} ${e.kind} ${e.code ?? ''}`.toLowerCase().includes(q),
        )
      : entries;
  }, [entries, query]);

  return (
    <section className="activity" aria-labelledby="activity-title">
      <div className="activity-header">
        <h2 id="activity-title">Activity</h2>
        <input
          type="search"
          className="search"
          aria-label="Filter activity"
          placeholder="Filter"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="muted small">
        What TokenDock did, newest first. Tokens, secrets and passwords are never written here.
      </p>
      {error && <ErrorDetails title="The activity log could not be read" error={error} />}
      {shown && shown.length === 0 && (
        <p className="muted">{query ? 'Nothing matches.' : 'Nothing has happened yet.'}</p>
      )}
      <ol className="activity-list" aria-label="Activity, newest first">
        {shown?.map((entry, i) => (
          <li key={`${entry.at}-${i}`} data-kind={entry.kind}>
            <span className={`activity-kind${FAILURES.has(entry.kind) ? ' failure' : ''}`}>
              {entry.kind.replace(/-/g, ' ')}
            </span>
            <span className="activity-message">
              {entry.message}
              {entry.code && <code className="error-code">{entry.code}</code>}
              {entry.hint && <span className="activity-hint">{entry.hint}</span>}
            </span>
            <span className="activity-time">
              <RelativeTime at={entry.at} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
