import { useId, useMemo, useState } from 'react';
import { decodeJwt } from '../../../app/contract/jwt';
import { ClaimTable } from './ClaimTable';

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
