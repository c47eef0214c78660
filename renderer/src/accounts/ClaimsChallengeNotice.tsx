import type { AccountView } from '../../../app/contract/accounts';
import { describeClaimsChallenge } from '../../../app/contract/claims-challenge';

/**
 * What the provider asked for at its last refusal (a claims challenge: multi-factor
 * authentication, a compliant device, consent…), which the next sign-in answers.
 */
export function ClaimsChallengeNotice({ account }: { account: AccountView }) {
  if (!account.claimsChallenge) return null;
  const description = describeClaimsChallenge(account.claimsChallenge);
  if (!description) return null;
  return (
    <div className="warning claims-challenge" role="note">
      <p>
        <strong>Your organisation asks for more at the next sign-in.</strong> {description.summary}
      </p>
      {description.details.length > 1 && (
        <ul>
          {description.details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
