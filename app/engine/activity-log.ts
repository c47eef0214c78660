import type { ErrorCode } from '../errors/error-codes';
import type { Redactor } from './redactor';

export type ActivityKind =
  | 'account-added'
  | 'account-changed'
  | 'account-removed'
  | 'signed-in'
  | 'sign-in-failed'
  | 'refreshed'
  | 'refresh-failed'
  | 'needs-sign-in'
  | 'revoked'
  | 'revoke-failed'
  | 'copied'
  | 'storage';

/** One line of the activity log: what happened, never a secret. */
export interface ActivityEntry {
  at: number;
  kind: ActivityKind;
  accountId?: string;
  accountName?: string;
  targetLabel?: string;
  message: string;
  code?: ErrorCode;
  hint?: string;
}

/** The newest `capacity` entries of what happened, redacted on the way in. */
export class ActivityLog {
  private readonly entries: ActivityEntry[] = [];

  constructor(
    private readonly redactor: Redactor,
    private readonly capacity = 500,
  ) {}

  add(entry: ActivityEntry): void {
    const clean: ActivityEntry = {
      ...entry,
      message: this.redactor.redact(entry.message),
      ...(entry.hint ? { hint: this.redactor.redact(entry.hint) } : {}),
    };
    this.entries.push(clean);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest first. */
  list(): ActivityEntry[] {
    return [...this.entries].reverse();
  }
}
