import { randomUUID } from 'node:crypto';
import type { ProxyLoginQuestion } from '../contract/channels';
import { silentLogger, systemTimers, type Logger, type Timers } from '../ports';

/**
 * What Electron says about an authentication challenge (`authInfo` of the 'login' events,
 * docs/api/app.md and docs/api/client-request.md).
 */
export interface ProxyChallenge {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
  realm: string;
}

export interface ProxyCredentials {
  username: string;
  password: string;
}

/**
 * Electron's 'login' callback: `callback(username, password)` answers, `callback()` cancels
 * (docs/api/app.md, event 'login').
 */
export type LoginCallback = (username?: string, password?: string) => void;

/**
 * What `challenge` did: `not-proxy` (not ours: a site's own 401, left to Electron's default),
 * `asked` (a new question to the person), `joined` (the same proxy is being asked about already:
 * this request waits for that answer), `remembered` (answered from this session's memory),
 * `declined` (the person cancelled this proxy moments ago: cancelled without asking).
 */
export type ChallengeOutcome = 'not-proxy' | 'asked' | 'joined' | 'remembered' | 'declined';

/** Unanswered questions are withdrawn (and their requests cancelled) after this long. */
export const PROXY_LOGIN_TIMEOUT_MS = 3 * 60_000;
/** After the person cancels, the same proxy is not asked about again for this long. */
export const PROXY_LOGIN_QUIET_AFTER_CANCEL_MS = 60_000;

export interface ProxyLoginsOptions {
  /** Tells the renderer every open question, each time the list changes. */
  publish: (questions: ProxyLoginQuestion[]) => void;
  /** Called when a new question is asked (the host may notify when its window is hidden). */
  onAsked?: (question: ProxyLoginQuestion) => void;
  timers?: Timers;
  now?: () => number;
  timeoutMs?: number;
  quietAfterCancelMs?: number;
  newId?: () => string;
  logger?: Logger;
}

interface OpenQuestion {
  question: ProxyLoginQuestion;
  key: string;
  waiters: LoginCallback[];
  timer: unknown;
}

/**
 * Proxy sign-in: which challenges to answer, one question to the person per proxy at a time, and
 * a time-out. Plain Node; the Electron adapter (`main/proxy-login.ts`) only hands it the 'login'
 * events, the dispatcher hands it the person's answers.
 *
 * - Only proxies (`isProxy`) are answered; a site's own challenge is left alone.
 * - Every request that meets the same proxy (host and port) while a question about it is open
 *   waits for that one answer; the answer (or the cancel) goes to all of them.
 * - Unanswered for `timeoutMs` (3 minutes), the question is withdrawn and its requests cancelled;
 *   a later request asks again.
 * - After the person cancels, the same proxy is not asked about again for a minute, so background
 *   refreshes do not put the question straight back.
 * - The password is never written anywhere. It is kept in this object's memory for the session,
 *   and reused only for a challenge that Electron marks as a request's *first* attempt
 *   (`firstAuthAttempt`, which only app's 'login' reports): a challenge that comes back after it
 *   means the proxy refused it, so it is forgotten and the person is asked. A request's own
 *   'login' (the engine's fetch) never gets a remembered password, since it cannot tell a first
 *   attempt from a refused one, and repeating a refused password can lock the account.
 */
export class ProxyLogins {
  private readonly open = new Map<string, OpenQuestion>();
  private readonly byId = new Map<string, OpenQuestion>();
  private readonly remembered = new Map<string, ProxyCredentials>();
  private readonly quietUntil = new Map<string, number>();
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly quietMs: number;
  private readonly newId: () => string;
  private readonly logger: Logger;

  constructor(private readonly options: ProxyLoginsOptions) {
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? PROXY_LOGIN_TIMEOUT_MS;
    this.quietMs = options.quietAfterCancelMs ?? PROXY_LOGIN_QUIET_AFTER_CANCEL_MS;
    this.newId = options.newId ?? randomUUID;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Takes one challenge. For `not-proxy` the callback is not touched (the caller keeps
   * Electron's default); otherwise the callback is called exactly once, now or later.
   */
  challenge(
    challenge: ProxyChallenge,
    callback: LoginCallback,
    context: { firstAttempt?: boolean } = {},
  ): ChallengeOutcome {
    if (challenge.isProxy !== true) return 'not-proxy';
    const key = proxyKey(challenge);
    const known = this.remembered.get(key);
    if (known) {
      if (context.firstAttempt === true) {
        call(callback, known, this.logger);
        return 'remembered';
      }
      // Asked again after an answer: the proxy did not take it.
      if (context.firstAttempt === false) this.remembered.delete(key);
    }
    if ((this.quietUntil.get(key) ?? 0) > this.now()) {
      call(callback, undefined, this.logger);
      return 'declined';
    }
    this.quietUntil.delete(key);
    const existing = this.open.get(key);
    if (existing) {
      existing.waiters.push(callback);
      return 'joined';
    }
    const question: ProxyLoginQuestion = {
      id: this.newId(),
      host: challenge.host,
      port: challenge.port,
      scheme: challenge.scheme,
      realm: challenge.realm,
      expiresAt: this.now() + this.timeoutMs,
    };
    const entry: OpenQuestion = { question, key, waiters: [callback], timer: undefined };
    entry.timer = this.timers.setTimeout(
      () => this.settle(entry, undefined, 'timed out'),
      this.timeoutMs,
    );
    this.open.set(key, entry);
    this.byId.set(question.id, entry);
    this.logger.info('proxy-login: asking for proxy credentials', {
      host: question.host,
      port: question.port,
      scheme: question.scheme,
    });
    this.publish();
    this.options.onAsked?.({ ...question });
    return 'asked';
  }

  /**
   * The person's answer to question `id`: credentials, or undefined to cancel. False when there
   * is no such open question (answered already, timed out, or never asked).
   */
  answer(id: string, credentials: ProxyCredentials | undefined): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.settle(entry, credentials, credentials ? 'answered' : 'cancelled');
    return true;
  }

  /** The open questions, oldest first. */
  pending(): ProxyLoginQuestion[] {
    return [...this.open.values()].map((e) => ({ ...e.question }));
  }

  /** Cancels every open question and forgets every remembered password (on quit). */
  dispose(): void {
    for (const entry of [...this.open.values()]) this.settle(entry, undefined, 'withdrawn');
    this.remembered.clear();
    this.quietUntil.clear();
  }

  private settle(
    entry: OpenQuestion,
    credentials: ProxyCredentials | undefined,
    why: 'answered' | 'cancelled' | 'timed out' | 'withdrawn',
  ): void {
    if (this.byId.get(entry.question.id) !== entry) return;
    this.byId.delete(entry.question.id);
    this.open.delete(entry.key);
    this.timers.clearTimeout(entry.timer);
    if (credentials) this.remembered.set(entry.key, credentials);
    else this.remembered.delete(entry.key);
    if (why === 'cancelled') this.quietUntil.set(entry.key, this.now() + this.quietMs);
    this.logger.info(`proxy-login: ${why}`, {
      host: entry.question.host,
      port: entry.question.port,
      requests: entry.waiters.length,
    });
    for (const callback of entry.waiters) call(callback, credentials, this.logger);
    this.publish();
  }

  private publish(): void {
    this.options.publish(this.pending());
  }
}

/** One proxy: its host (case-insensitive) and port. */
function proxyKey(challenge: ProxyChallenge): string {
  return `${challenge.host.toLowerCase()}:${challenge.port}`;
}

function call(
  callback: LoginCallback,
  credentials: ProxyCredentials | undefined,
  logger: Logger,
): void {
  try {
    if (credentials) callback(credentials.username, credentials.password);
    else callback();
  } catch (error) {
    // The request may be gone already; Electron's callback then has nothing to answer.
    logger.warn('proxy-login: a request could not be answered', { error: String(error) });
  }
}
