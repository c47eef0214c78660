import { useEffect, useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { DecodedToken } from '../../../app/contract/tokens';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { ClaimsPanel } from './ClaimsPanel';

interface AccountTokenDecoderProps {
  account: AccountView;
  targetId: string;
}

type Which = 'access' | 'id';

/** The engine's decoding of one target's access or ID token (the token itself stays in main). */
export function AccountTokenDecoder({ account, targetId }: AccountTokenDecoderProps) {
  const [which, setWhich] = useState<Which>('access');
  const [result, setResult] = useState<{
    key: string;
    decoded?: DecodedToken;
    error?: ErrorInfo;
  }>();
  const target = account.targets.find((t) => t.id === targetId);
  const key = `${account.id}/${targetId}/${which}/${target?.expiresOn ?? ''}`;

  useEffect(() => {
    let live = true;
    call('tokens:decode', { accountId: account.id, targetId, which }).then(
      (decoded) => live && setResult({ key, decoded }),
      (e: unknown) => live && setResult({ key, error: errorInfo(e) }),
    );
    return () => {
      live = false;
    };
  }, [account.id, targetId, which, key]);

  const current = result?.key === key ? result : undefined;
  const name = which === 'access' ? 'Access token' : 'ID token';
  return (
    <section className="decoder" aria-labelledby="account-decoder-title">
      <h2 id="account-decoder-title">
        {account.name} · {target?.label ?? 'target'}
      </h2>
      <div className="segmented" role="radiogroup" aria-label="Which token">
        {(['access', 'id'] as const).map((w) => (
          <label key={w}>
            <input
              type="radio"
              name="which-token"
              checked={which === w}
              onChange={() => setWhich(w)}
            />
            {w === 'access' ? 'Access token' : 'ID token'}
          </label>
        ))}
      </div>
      {!current && <p className="muted">Decoding…</p>}
      {current?.error && <ErrorDetails title={`No ${name} to decode`} error={current.error} />}
      {current?.decoded?.kind === 'opaque' && (
        <p className="notice" role="status">
          This {name.toLowerCase()} is opaque ({current.decoded.length} characters), not a JWT: only
          the provider that issued it can read it.
        </p>
      )}
      {current?.decoded?.kind === 'jwt' && (
        <ClaimsPanel
          key={key}
          header={current.decoded.header}
          claims={current.decoded.claims}
          headerTitle={`${name} header`}
          claimsTitle={`${name} claims`}
          now={Date.now()}
        />
      )}
    </section>
  );
}
