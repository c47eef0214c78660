import { useId, useMemo, useState } from 'react';
import { decodeJwt } from '../../app/contract/jwt';
import { relativeTime, TIME_CLAIMS } from './time';

/** Claims a developer looks for first. */
const HIGHLIGHTED = new Set(['aud', 'scp', 'roles', 'exp', 'tid']);

/** Paste any JWT, see its header and claims. Nothing leaves this window. */
export function TokenDecoder() {
  const inputId = useId();
  const [token, setToken] = useState('');
  const decoded = useMemo(() => (token.trim() ? decodeJwt(token) : undefined), [token]);
  const now = Date.now();

  return (
    <section className="decoder" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Decode a token</h2>
      <label htmlFor={inputId}>Paste a JWT (access or ID token)</label>
      <textarea
        id={inputId}
        value={token}
        onChange={(e) => setToken(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        rows={5}
        placeholder="eyJhbGciOi…"
      />
      {token.trim() && !decoded && (
        <p role="status" className="notice">
          This is not a JWT: the token is opaque, so only the provider can read it.
        </p>
      )}
      {decoded && (
        <>
          <ClaimTable title="Header" values={decoded.header} now={now} />
          <ClaimTable title="Claims" values={decoded.claims} now={now} />
          <p className="notice">Decoded only: the signature is not checked here.</p>
        </>
      )}
    </section>
  );
}

function ClaimTable({
  title,
  values,
  now,
}: {
  title: string;
  values: Record<string, unknown>;
  now: number;
}) {
  return (
    <table className="claims">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => (
          <tr key={name} className={HIGHLIGHTED.has(name) ? 'highlight' : undefined}>
            <th scope="row">{name}</th>
            <td>{formatValue(name, value, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatValue(name: string, value: unknown, now: number): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${new Date(value * 1000).toLocaleString()} (${relativeTime(value, now)})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
