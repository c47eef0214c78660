/**
 * The session partition of an account's embedded sign-in window: persistent, one per account,
 * so several accounts at one provider keep their cookies apart and removing an account can clear
 * its own. The engine names the same partition when it asks for a sign-in window
 * (`app/engine/sign-in.ts`).
 */
export function accountPartition(accountId: string): string {
  return `persist:tokendock-${accountId}`;
}
