import { describe, expect, it } from 'vitest';
import type { ProxyLoginQuestion } from '../../app/contract/channels';
import { REQUEST_SCHEMAS } from '../../app/contract/schemas';
import {
  PROXY_LOGIN_QUIET_AFTER_CANCEL_MS,
  PROXY_LOGIN_TIMEOUT_MS,
  ProxyLogins,
  type LoginCallback,
  type ProxyChallenge,
} from '../../app/host/proxy-login';
import type { Timers } from '../../app/ports';

/** Timers a test moves by hand. */
class ManualTimers implements Timers {
  now = 1_000_000;
  private next = 1;
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.run();
      }
    }
  }
  get count(): number {
    return this.pending.size;
  }
}

const proxy: ProxyChallenge = {
  isProxy: true,
  scheme: 'basic',
  host: 'proxy.corp.example',
  port: 8080,
  realm: 'Corp',
};

/** A recording login callback, as Electron hands one to each 'login' event. */
function recorder() {
  const calls: Array<[string?, string?]> = [];
  const callback: LoginCallback = (...args) => void calls.push(args);
  return { calls, callback };
}

function setUp(options: { ids?: string[] } = {}) {
  const timers = new ManualTimers();
  const published: ProxyLoginQuestion[][] = [];
  const asked: ProxyLoginQuestion[] = [];
  const ids = options.ids ?? ['q1', 'q2', 'q3', 'q4', 'q5'];
  const logLines: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) =>
    void logLines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const logins = new ProxyLogins({
    publish: (questions) => void published.push(questions),
    onAsked: (question) => void asked.push(question),
    timers,
    now: () => timers.now,
    newId: () => ids.shift()!,
    logger: { debug: log, info: log, warn: log, error: log },
  });
  return { logins, timers, published, asked, logLines };
}

describe('ProxyLogins (which challenges, one question per proxy, time-out)', () => {
  it('leaves a site’s own challenge alone: the callback is not touched', () => {
    const { logins, published } = setUp();
    const site = recorder();
    expect(logins.challenge({ ...proxy, isProxy: false }, site.callback)).toBe('not-proxy');
    expect(site.calls).toEqual([]);
    expect(published).toEqual([]);
  });

  it('asks once about a proxy and answers every request that waits for it', () => {
    const { logins, published, asked } = setUp();
    const first = recorder();
    const second = recorder();
    const third = recorder();
    expect(logins.challenge(proxy, first.callback)).toBe('asked');
    expect(logins.challenge(proxy, second.callback)).toBe('joined');
    // Same proxy, host in another case: the same question.
    expect(logins.challenge({ ...proxy, host: 'PROXY.corp.example' }, third.callback)).toBe(
      'joined',
    );
    expect(asked).toHaveLength(1);
    expect(logins.pending()).toEqual([
      {
        id: 'q1',
        host: 'proxy.corp.example',
        port: 8080,
        scheme: 'basic',
        realm: 'Corp',
        expiresAt: 1_000_000 + PROXY_LOGIN_TIMEOUT_MS,
      },
    ]);
    expect(published.at(-1)).toHaveLength(1);

    expect(logins.answer('q1', { username: 'ada', password: 'pw' })).toBe(true);
    for (const r of [first, second, third]) expect(r.calls).toEqual([['ada', 'pw']]);
    expect(logins.pending()).toEqual([]);
    expect(published.at(-1)).toEqual([]);
    // Answered once: a second answer to the same question finds nothing.
    expect(logins.answer('q1', { username: 'ada', password: 'pw' })).toBe(false);
    expect(first.calls).toHaveLength(1);
  });

  it('asks about two proxies separately, oldest first', () => {
    const { logins } = setUp();
    logins.challenge(proxy, recorder().callback);
    logins.challenge({ ...proxy, port: 3128 }, recorder().callback);
    expect(logins.pending().map((q) => [q.id, q.port])).toEqual([
      ['q1', 8080],
      ['q2', 3128],
    ]);
  });

  it('cancels the waiting requests after the time-out, then asks again on the next challenge', () => {
    const { logins, timers } = setUp();
    const waiting = recorder();
    logins.challenge(proxy, waiting.callback);
    timers.advance(PROXY_LOGIN_TIMEOUT_MS - 1);
    expect(waiting.calls).toEqual([]);
    timers.advance(1);
    expect(waiting.calls).toEqual([[]]);
    expect(logins.pending()).toEqual([]);
    expect(logins.answer('q1', { username: 'late', password: 'x' })).toBe(false);
    // Nobody was there: the next request asks again at once.
    expect(logins.challenge(proxy, recorder().callback)).toBe('asked');
  });

  it('clears the time-out when answered', () => {
    const { logins, timers } = setUp();
    logins.challenge(proxy, recorder().callback);
    expect(timers.count).toBe(1);
    logins.answer('q1', undefined);
    expect(timers.count).toBe(0);
  });

  it('after a cancel, does not ask about that proxy again for a minute', () => {
    const { logins, timers, asked } = setUp();
    const first = recorder();
    logins.challenge(proxy, first.callback);
    expect(logins.answer('q1', undefined)).toBe(true);
    expect(first.calls).toEqual([[]]);
    const background = recorder();
    expect(logins.challenge(proxy, background.callback)).toBe('declined');
    expect(background.calls).toEqual([[]]);
    // Another proxy is still asked about.
    expect(logins.challenge({ ...proxy, host: 'other.example' }, recorder().callback)).toBe(
      'asked',
    );
    timers.advance(PROXY_LOGIN_QUIET_AFTER_CANCEL_MS);
    expect(logins.challenge(proxy, recorder().callback)).toBe('asked');
    expect(asked.map((q) => q.host)).toEqual([
      'proxy.corp.example',
      'other.example',
      'proxy.corp.example',
    ]);
  });

  it('reuses the password only for a first attempt, and forgets it once the proxy refuses it', () => {
    const { logins } = setUp();
    logins.challenge(proxy, recorder().callback);
    logins.answer('q1', { username: 'ada', password: 'pw' });

    // A sign-in window in another partition meets the proxy: its first attempt is answered.
    const window = recorder();
    expect(logins.challenge(proxy, window.callback, { firstAttempt: true })).toBe('remembered');
    expect(window.calls).toEqual([['ada', 'pw']]);

    // The engine's own requests cannot say whether it is a first attempt: ask, never repeat.
    expect(logins.challenge(proxy, recorder().callback)).toBe('asked');
    logins.answer('q2', { username: 'ada', password: 'pw2' });

    // Asked again after the answer: refused. Forget it and ask the person.
    expect(logins.challenge(proxy, recorder().callback, { firstAttempt: false })).toBe('asked');
    expect(logins.challenge(proxy, recorder().callback, { firstAttempt: true })).toBe('joined');
    logins.answer('q3', undefined);
    // A cancel forgets it too.
    expect(logins.challenge(proxy, recorder().callback, { firstAttempt: true })).toBe('declined');
  });

  it('dispose() cancels every open question and forgets every password', () => {
    const { logins, timers } = setUp();
    const waiting = recorder();
    logins.challenge(proxy, waiting.callback);
    logins.challenge({ ...proxy, port: 1 }, recorder().callback);
    logins.dispose();
    expect(waiting.calls).toEqual([[]]);
    expect(logins.pending()).toEqual([]);
    expect(timers.count).toBe(0);
  });

  it('survives a callback that throws (a request that is gone)', () => {
    const { logins, logLines } = setUp();
    const gone: LoginCallback = () => {
      throw new Error('request is gone');
    };
    const alive = recorder();
    logins.challenge(proxy, gone);
    logins.challenge(proxy, alive.callback);
    expect(logins.answer('q1', { username: 'ada', password: 'pw' })).toBe(true);
    expect(alive.calls).toEqual([['ada', 'pw']]);
    expect(logLines.some((l) => l.includes('could not be answered'))).toBe(true);
  });

  it('never logs or publishes the user name or password', () => {
    const { logins, published, logLines } = setUp();
    logins.challenge(proxy, recorder().callback);
    logins.answer('q1', { username: 'ada-secret-user', password: 'hunter2-secret' });
    const everything = JSON.stringify(published) + logLines.join('\n');
    expect(everything).not.toContain('hunter2-secret');
    expect(everything).not.toContain('ada-secret-user');
  });
});

describe('the proxy-login channels (contract)', () => {
  const answer = REQUEST_SCHEMAS['proxy-login:answer'];
  it('accepts credentials or a cancel, and nothing else', () => {
    expect(
      answer.safeParse({ id: 'q1', answer: 'credentials', username: 'ada', password: '' }).success,
    ).toBe(true);
    expect(answer.safeParse({ id: 'q1', answer: 'cancel' }).success).toBe(true);
    for (const bad of [
      { id: 'q1', answer: 'credentials', username: '', password: 'x' },
      { id: 'q1', answer: 'credentials', username: 'ada' },
      { id: 'q1', answer: 'credentials', username: 'ada', password: 'x'.repeat(1_025) },
      { id: 'q 1', answer: 'cancel' },
      { id: 'q1', answer: 'cancel', password: 'x' },
      { id: 'q1', answer: 'maybe' },
    ])
      expect(answer.safeParse(bad).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
  });
});
