import type { ActivityEntry } from '../contract/events';
import type { Redactor } from './redactor';

export type { ActivityEntry, ActivityKind } from '../contract/events';

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
