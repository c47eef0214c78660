import type { AccountView } from '../../../app/contract/accounts';
import type { Navigate } from '../navigation';
import { AccountTokenDecoder } from './AccountTokenDecoder';
import { TokenDecoder } from './TokenDecoder';

interface DecoderViewProps {
  source: { accountId: string; targetId: string } | undefined;
  account: AccountView | undefined;
  navigate: Navigate;
}

/** The decoder screen: a target's tokens when opened from a card, and the paste box. */
export function DecoderView({ source, account, navigate }: DecoderViewProps) {
  return (
    <div className="decoder-view">
      {source && account && (
        <>
          <button
            type="button"
            className="link-button"
            onClick={() => navigate({ kind: 'accounts', accountId: account.id })}
          >
            ← Back to {account.name}
          </button>
          <AccountTokenDecoder account={account} targetId={source.targetId} />
        </>
      )}
      <TokenDecoder />
    </div>
  );
}
