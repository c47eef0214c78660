import type { AccountView } from '../../../app/contract/accounts';
import { FLOW_LABELS } from '../format/labels';
import { localDateTime } from '../format/time';

/** Who is signed in: name, user, tenant, provider; and how (flow, client). */
export function IdentitySummary({ account }: { account: AccountView }) {
  const id = account.identity;
  const fullName =
    id?.name ?? ([id?.givenName, id?.familyName].filter(Boolean).join(' ') || undefined);
  const rows: Array<[string, string | undefined]> = [
    ['Name', fullName],
    ['User', id?.userId ?? account.username],
    ['Tenant', id?.tenantId],
    ['Provider', account.authorityLabel],
    ['Identity provider', id?.identityProvider],
    ['Flow', FLOW_LABELS[account.flow]],
    ['Client id', account.clientId],
    ['Last sign-in', account.lastSignInOn ? localDateTime(account.lastSignInOn) : undefined],
  ];
  return (
    <section className="identity" aria-label="Who is signed in">
      {!id && <p className="muted">Nobody is signed in to this account yet.</p>}
      <dl className="identity-list">
        {rows
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <div key={term} className="identity-row">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
