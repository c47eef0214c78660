import { useId, useMemo, useState } from 'react';
import { describePartProblem, inspectToken } from '../../../app/contract/jwt-inspect';
import { describeClaim } from '../../../app/contract/jwt-claims';
import { ClaimsPanel } from './ClaimsPanel';

/** What `normaliseTokenInput` read past, in words. */
const REMOVED_WORDS: Record<string, string> = {
  quotes: 'the quotes',
  'Authorization:': 'the “Authorization:” header name',
  Bearer: 'the “Bearer” scheme',
  whitespace: 'spaces and line breaks',
};

/**
 * Paste any token, see what it is: a signed JWT's header and claims, an encrypted JWT's header,
 * or why it cannot be read. `Authorization: Bearer`, quotes and line breaks are read past.
 * Nothing leaves this window.
 */
export function TokenDecoder() {
  const inputId = useId();
  const [token, setToken] = useState('');
  const inspection = useMemo(() => inspectToken(token), [token]);
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
        placeholder="eyJhbGciOi… (an Authorization header or Bearer value works too)"
      />
      {inspection.kind !== 'empty' && inspection.removed.length > 0 && (
        <p className="muted small decoder-removed">
          Read past {inspection.removed.map((r) => REMOVED_WORDS[r] ?? r).join(', ')}.
        </p>
      )}
      {inspection.kind === 'opaque' && (
        <p role="status" className="notice">
          This token is opaque: only the provider can read it ({inspection.length} characters, not a
          JWT).
        </p>
      )}
      {inspection.kind === 'jwe' && (
        <div role="status" className="notice decoder-jwe">
          <p>
            This token is <strong>encrypted</strong> (a JWE): it cannot be read without the key,
            which only the API it was issued for holds.
          </p>
          <dl className="decoder-jwe-params">
            <dt>
              <code>alg</code>
            </dt>
            <dd>
              {inspection.alg ?? 'not given'} — {describeClaim('alg', 'header')}
            </dd>
            <dt>
              <code>enc</code>
            </dt>
            <dd>
              {inspection.enc ?? 'not given'} — {describeClaim('enc', 'header')}
            </dd>
          </dl>
        </div>
      )}
      {inspection.kind === 'malformed' && (
        <div role="status" className="warning decoder-malformed">
          <p>
            <strong>Malformed JWT</strong>:{' '}
            {inspection.wrongPartCount
              ? `it has ${inspection.parts} parts separated by dots; a signed JWT has 3 and an encrypted one 5.`
              : 'one of its parts cannot be read.'}
          </p>
          {inspection.problems.length > 0 && (
            <ul>
              {inspection.problems.map((p) => (
                <li key={p.position}>{describePartProblem(p)}</li>
              ))}
            </ul>
          )}
          <p className="small">
            A part may have been cut off or changed when the token was copied.
          </p>
        </div>
      )}
      {inspection.kind === 'jws' && (
        <ClaimsPanel
          header={inspection.header}
          claims={inspection.claims}
          headerTitle="Header"
          claimsTitle="Claims"
          now={now}
        />
      )}
    </section>
  );
}
