import type { AccountView } from '../../../app/contract/accounts';
import { primaryTarget } from '../../../app/contract/target-status';
import { accountUser } from '../accounts/AccountRow';
import { StateBadge } from '../components/StateBadge';

interface SwitcherOptionProps {
  id: string;
  account: AccountView;
  selected: boolean;
  /** The pointer moved onto it: it becomes the active option. */
  onPoint: () => void;
  /** Clicked: copy its token. */
  onChoose: () => void;
}

/** One result of the quick switcher: name, state, who, and the token Enter copies. */
export function SwitcherOption({ id, account, selected, onPoint, onChoose }: SwitcherOptionProps) {
  const target = primaryTarget(account, Date.now());
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className="switcher-option"
      onMouseMove={selected ? undefined : onPoint}
      // Keep focus in the search box.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onChoose}
    >
      <span className="switcher-option-name">{account.name}</span>
      <StateBadge state={account.state} />
      <span className="switcher-option-meta muted small">
        {accountUser(account)}
        {target && (
          <>
            <span aria-hidden="true"> · </span>
            {target.label}
          </>
        )}
      </span>
    </li>
  );
}
