import { isAppOnlyFlow } from '../../../app/contract/accounts';
import { memo } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { StateBadge } from '../components/StateBadge';

interface AccountRowProps {
  account: AccountView;
  optionId: string;
  selected: boolean;
  index: number;
  count: number;
  onSelect: (id: string) => void;
}

/** Who the account signs in as, in a few words. */
export function accountUser(account: AccountView): string {
  return (
    account.identity?.userId ??
    account.identity?.name ??
    account.username ??
    (isAppOnlyFlow(account.flow) ? `App ${account.clientId}` : 'Not signed in')
  );
}

/** One option of the accounts listbox. Memoised: unchanged accounts keep their object. */
export const AccountRow = memo(function AccountRow({
  account,
  optionId,
  selected,
  index,
  count,
  onSelect,
}: AccountRowProps) {
  return (
    <div
      id={optionId}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      className="account-row"
      onClick={() => onSelect(account.id)}
    >
      <div className="account-row-name" title={account.name}>
        {account.name}
      </div>
      <div className="account-row-meta">
        <StateBadge state={account.state} />
        <span className="account-row-text">
          {accountUser(account)}
          <span aria-hidden="true"> · </span>
          {account.authorityLabel}
        </span>
      </div>
    </div>
  );
});
