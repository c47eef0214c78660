import {
  reminderDue,
  remindedAlready,
  signInDeadline,
  type SignInDeadline,
} from '../contract/sign-in-deadline';
import type { AccountRecord } from '../accounts/types';
import type { EngineContext } from './context';

/** Never sleep longer than this between checks: a wall-clock change or a sleep is caught then. */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;
/** Bursts of refreshes (a resume, "Refresh all") are checked once. */
const COALESCE_MS = 1_000;

/**
 * "Sign-in needed by …" reminders: a notification the configured number of days before an
 * account's refresh token ends (`signInDeadline`), once per deadline (`remindedFor` is kept with
 * the account, so a restart does not send it again). Checked at start, after token responses
 * and setting changes (coalesced), and by one timer for the next reminder due.
 */
export class SignInReminders {
  private timer: unknown;
  private soonTimer: unknown;
  private stopped = false;

  constructor(private readonly ctx: EngineContext) {}

  /** Checks now and after every change that can move a deadline. Returns the unsubscriber. */
  start(): () => void {
    this.check();
    return this.ctx.events.subscribe((event) => {
      if (event.type === 'token-refreshed' || event.type === 'account-changed') this.soon();
    });
  }

  /** Settings or the clock changed: check again shortly. */
  soon(): void {
    if (this.stopped || this.soonTimer !== undefined) return;
    this.soonTimer = this.ctx.deps.timers.setTimeout(() => {
      this.soonTimer = undefined;
      this.check();
    }, COALESCE_MS);
  }

  stop(): void {
    this.stopped = true;
    this.ctx.deps.timers.clearTimeout(this.timer);
    this.ctx.deps.timers.clearTimeout(this.soonTimer);
  }

  /** Sends the reminders due now, and arms the timer for the next one. */
  check(): void {
    if (this.stopped) return;
    const now = this.ctx.deps.clock.now();
    const days = this.ctx.settings.signInWarningDays;
    let next = Infinity;
    for (const account of this.ctx.accounts.values()) {
      const life = account.refreshTokenLife;
      if (!life || !this.ctx.store.hasRefreshToken(account)) continue;
      const deadline = signInDeadline(life, { entra: account.authority.kind === 'entra' });
      // Entra's 90 days without use cannot run out while TokenDock runs: it uses the refresh
      // token whenever a token is due. After a long absence the refresh at start renews it, so a
      // reminder then would only alarm. The date is still shown on the account.
      if (deadline?.reason === 'inactivity') continue;
      const due = reminderDue(deadline, days);
      if (!deadline || due === undefined || remindedAlready(life, deadline)) continue;
      if (due <= now) this.remind(account, deadline, now);
      else next = Math.min(next, due);
    }
    this.ctx.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (next !== Infinity)
      this.timer = this.ctx.deps.timers.setTimeout(
        () => this.check(),
        Math.min(next - now, MAX_WAIT_MS),
      );
  }

  private remind(account: AccountRecord, deadline: SignInDeadline, now: number): void {
    account.refreshTokenLife = { ...account.refreshTokenLife!, remindedFor: deadline.at };
    void this.ctx.store.saveAccount(account.id);
    const when = new Date(deadline.at).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const why =
      deadline.reason === 'provider'
        ? 'The provider ends its refresh token then.'
        : 'Entra ID ends a refresh token unused for 90 days; TokenDock uses it whenever it runs.';
    const overdue = deadline.at <= now;
    this.ctx.activity.add({
      at: now,
      kind: 'sign-in-due',
      accountId: account.id,
      accountName: account.name,
      message: overdue
        ? `${account.name} needed a sign-in by ${when}. ${why}`
        : `${account.name} needs a sign-in by ${when}. ${why}`,
    });
    this.ctx.deps.notifier.notify({
      title: `${account.name}: sign in by ${when}`,
      body: `${why} Sign in before then to keep tokens coming without a gap.`,
      accountId: account.id,
    });
  }
}
