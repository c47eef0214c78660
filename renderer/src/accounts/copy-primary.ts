import type { AccountView } from '../../../app/contract/accounts';
import { canCopy, primaryTarget } from '../../../app/contract/target-status';
import type { CopyFormat } from '../../../app/contract/tokens';
import { call } from '../api/client';

const AS: Record<CopyFormat, string> = {
  raw: '',
  header: ' as an Authorization header',
  curl: ' as a curl command',
};

/** Why a one-key copy could not start, in words for people. */
export class NothingToCopy extends Error {}

/**
 * Copies the account's primary token (its first target that offers one) in `format` through the
 * engine's `tokens:copy`, and says what was copied ("Copied the Graph token of Contoso."). Throws
 * `NothingToCopy` when the account offers no token now (signed out, refused), or the engine's
 * `ApiError`.
 */
export async function copyPrimaryToken(account: AccountView, format: CopyFormat): Promise<string> {
  const target = primaryTarget(account, Date.now());
  if (!target || !canCopy(account, target, Date.now()))
    throw new NothingToCopy(
      account.state === 'needs-sign-in'
        ? `${account.name} needs to sign in again before its token can be copied.`
        : `${account.name} has no token to copy: sign in first.`,
    );
  await call('tokens:copy', { accountId: account.id, targetId: target.id, format });
  return `Copied the ${target.label} token of ${account.name}${AS[format]}.`;
}

/** Ctrl+C on Windows and Linux, Command+C on macOS; Shift adds "as header". */
export function isCopyShortcut(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return event.key.toLowerCase() === 'c' && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/** True when the page has text selected (then Ctrl+C copies that text, as everywhere). */
export function hasTextSelection(): boolean {
  const selection = document.getSelection();
  return !!selection && !selection.isCollapsed && selection.toString().trim() !== '';
}
