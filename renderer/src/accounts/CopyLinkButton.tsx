import { useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import { addLink, sharedAccount } from '../../../app/contract/account-share';
import { copyText } from '../format/clipboard';

/**
 * "Copy link": a `tokendock://add?…` link with this account's configuration (no secret, no
 * token), for a colleague to open in their TokenDock.
 */
export function CopyLinkButton({
  account,
  accounts,
}: {
  account: AccountView;
  accounts: AccountView[];
}) {
  const [status, setStatus] = useState<string>();
  const copy = () =>
    copyText(addLink(sharedAccount(account, accounts))).then(
      () => setStatus('Link copied: it opens a filled-in Add account form, with no secret.'),
      (e: unknown) => setStatus(e instanceof Error ? e.message : 'Could not copy.'),
    );
  return (
    <>
      <button type="button" aria-label={`Copy link to ${account.name}`} onClick={() => void copy()}>
        Copy link
      </button>
      <span className="muted small" role="status">
        {status}
      </span>
    </>
  );
}
