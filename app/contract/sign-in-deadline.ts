/** What is known about the life of an account's refresh token. Not secret; kept with the account. */
export interface RefreshTokenLife {
  /** When the refresh token held now was issued (the response that carried it). UTC epoch ms. */
  issuedOn: number;
  /** When it ends, where the provider said (`refresh_token_expires_in`). */
  expiresOn?: number;
  /** When it last got a token (a sign-in or a refresh). */
  lastUsedOn: number;
  /** When the person last signed in interactively (or with a password or device code). */
  lastSignInOn?: number;
  /** Whether the last refresh came back with a new refresh token; false: it stopped rotating. */
  rotates?: boolean;
  /** The deadline a reminder was sent for: one reminder per deadline. */
  remindedFor?: number;
}

/** When the account will have to sign in again, and why that day. */
export interface SignInDeadline {
  at: number;
  /**
   * `provider`: the provider said when the refresh token ends. `inactivity`: Entra ID ends a
   * refresh token unused for 90 days, and it was last used then.
   */
  reason: 'provider' | 'inactivity';
}

/**
 * Entra ID's refresh tokens end after 90 days without use ("Refresh tokens … have a lifetime of
 * 90 days", Microsoft identity platform refresh tokens, learn.microsoft.com/entra/identity-platform/refresh-tokens).
 */
export const ENTRA_INACTIVITY_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earliest day a sign-in will be needed, from what is known: the provider's end of the
 * refresh token, and for Entra ID 90 days after its last use. Undefined when nothing is known (a
 * provider that says nothing may still end it any day: no date is made up).
 */
export function signInDeadline(
  life: RefreshTokenLife | undefined,
  provider: { entra: boolean },
): SignInDeadline | undefined {
  if (!life) return undefined;
  const candidates: SignInDeadline[] = [];
  if (life.expiresOn !== undefined) candidates.push({ at: life.expiresOn, reason: 'provider' });
  if (provider.entra)
    candidates.push({ at: life.lastUsedOn + ENTRA_INACTIVITY_DAYS * DAY_MS, reason: 'inactivity' });
  return candidates.sort((a, b) => a.at - b.at)[0];
}

/** When to remind the person: `days` before the deadline (never with 0 days or no deadline). */
export function reminderDue(
  deadline: SignInDeadline | undefined,
  days: number,
): number | undefined {
  if (!deadline || days <= 0) return undefined;
  return deadline.at - days * DAY_MS;
}

/**
 * The life after a token response: a new refresh token starts a new life (its end as the
 * provider says, or none); the same one (or none returned) keeps its issue and end; every
 * response counts as a use; `signIn` marks an interactive sign-in.
 */
export function nextRefreshTokenLife(
  previous: RefreshTokenLife | undefined,
  response: { newRefreshToken: boolean; expiresOn?: number; signIn: boolean; at: number },
): RefreshTokenLife {
  const renewed = response.newRefreshToken || previous === undefined;
  const life: RefreshTokenLife = renewed
    ? {
        issuedOn: response.at,
        ...(response.expiresOn !== undefined ? { expiresOn: response.expiresOn } : {}),
        lastUsedOn: response.at,
      }
    : { ...previous, lastUsedOn: response.at };
  const lastSignInOn = response.signIn ? response.at : previous?.lastSignInOn;
  if (lastSignInOn !== undefined) life.lastSignInOn = lastSignInOn;
  if (!response.signIn) life.rotates = response.newRefreshToken;
  else delete life.rotates;
  if (previous?.remindedFor !== undefined) life.remindedFor = previous.remindedFor;
  return life;
}

/**
 * Whether a reminder was already sent for this deadline. A rotated refresh token's end, told in
 * whole seconds from a later response, moves by a little: within an hour it is the same deadline.
 */
export function remindedAlready(life: RefreshTokenLife, deadline: SignInDeadline): boolean {
  return (
    life.remindedFor !== undefined && Math.abs(life.remindedFor - deadline.at) < 60 * 60 * 1000
  );
}
