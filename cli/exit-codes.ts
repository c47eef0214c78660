/** What `tokendock` exits with, so scripts can branch on it. */
export const EXIT = {
  ok: 0,
  /** Anything else went wrong (the message says what). */
  failed: 1,
  /** The command line is wrong, or ACCOUNT names no account or several. */
  usage: 2,
  /** The account needs a person to sign in; stderr says `tokendock sign-in <name>`. */
  needsSignIn: 3,
  /** No TokenDock is running for this user; stderr says how to start one. */
  notRunning: 4,
  /** The provider cannot be reached now (network, timeout, offline): trying later may work. */
  unreachable: 5,
} as const;

/** The engine's codes meaning "a person must sign in" (`SIGN_IN_AGAIN_CODES` and the like). */
const NEEDS_SIGN_IN = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
  'needs_sign_in',
]);
/** The codes of a provider that cannot be reached now. */
const UNREACHABLE = new Set(['network', 'timeout', 'offline']);
/** The endpoint's answers about what was asked (a name matching nothing or several things). */
const USAGE = new Set(['ambiguous', 'not_found', 'invalid_request']);

/** The exit code for an error the host answered, decided by its code alone. */
export function exitCodeFor(code: string): number {
  if (NEEDS_SIGN_IN.has(code)) return EXIT.needsSignIn;
  if (UNREACHABLE.has(code)) return EXIT.unreachable;
  if (USAGE.has(code)) return EXIT.usage;
  return EXIT.failed;
}
