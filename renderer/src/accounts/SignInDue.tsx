import type { AccountView } from '../../../app/contract/accounts';
import { reminderDue } from '../../../app/contract/sign-in-deadline';
import { localDateTime, relativeTime } from '../format/time';
import { useSettingsContext } from '../hooks/useSettings';

const REASONS = {
  provider: 'The provider ends this account’s refresh token then.',
  inactivity:
    'Entra ID ends a refresh token that is not used for 90 days; TokenDock uses it whenever it runs.',
} as const;

/**
 * "Sign-in needed by …": when the account's refresh token ends, as far as it is known. Shown as a
 * warning from the day the reminder is due (the setting's days before), as a note before that.
 */
export function SignInDue({ account, now }: { account: AccountView; now: number }) {
  const { settings } = useSettingsContext();
  const deadline = account.signInNeededBy;
  if (!deadline || account.state === 'needs-sign-in') return null;
  const due = reminderDue(deadline, settings?.signInWarningDays ?? 0);
  const soon = due !== undefined && due <= now;
  const past = deadline.at <= now;
  return (
    <p className={soon ? 'warning sign-in-due' : 'muted sign-in-due'} role="note">
      <strong>
        {past ? 'Sign-in was needed by' : 'Sign-in needed by'} {localDateTime(deadline.at)}
      </strong>{' '}
      ({relativeTime(deadline.at, now)}). {REASONS[deadline.reason]}
      {soon && !past && ' Sign in before then to keep tokens coming without a gap.'}
    </p>
  );
}
