import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { Engine } from '../../app/engine';
import { summarize, type Figure } from '../measure';
import { countingTimers, daemonInput, startWorld } from '../world';

const ACCOUNTS = 1_000;

async function addSignedIn(engine: Engine, sandbox: Parameters<typeof daemonInput>[0]) {
  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1)
    ids.push((await engine.addAccount(daemonInput(sandbox, `Daemon ${i}`, 2))).id);
  for (let i = 0; i < ids.length; i += 50)
    await Promise.all(ids.slice(i, i + 50).map((id) => engine.signIn(id)));
  return ids;
}

/**
 * 1,000 accounts × 2 targets with 60-second tokens: all due within the same minute. Every target
 * must be refreshed before its token expires, with at most the concurrency cap in flight and a
 * single scheduler timer armed.
 */
export async function stormFigure(): Promise<Figure> {
  const timers = countingTimers();
  const world = await startWorld({ accessTokenTtlSeconds: 60, timers });
  try {
    const { engine, sandbox } = world;
    await addSignedIn(engine, sandbox);
    const expiries = new Map(
      engine
        .listAccounts()
        .flatMap((a) => a.targets.map((t) => [`${a.id}/${t.id}`, t.expiresOn!] as const)),
    );
    const lastExpiry = Math.max(...expiries.values());
    const refreshedBefore = new Map<string, number>();
    let armedMax = 0;
    const unsubscribe = engine.subscribe((e) => {
      if (e.type === 'token-refreshed')
        refreshedBefore.set(`${e.accountId}/${e.targetId}`, Date.now());
    });
    while (Date.now() < lastExpiry + 1_000 && refreshedBefore.size < expiries.size) {
      armedMax = Math.max(armedMax, engine.schedulerStats().armed ? 1 : 0);
      await new Promise((r) => setTimeout(r, 250));
    }
    unsubscribe();
    const late = [...expiries].filter(
      ([key, expiry]) => (refreshedBefore.get(key) ?? Infinity) >= expiry,
    ).length;
    const leads = [...expiries].map(
      ([key, expiry]) => (expiry - (refreshedBefore.get(key) ?? expiry)) / 1000,
    );
    const s = summarize(leads);
    const peak = engine.schedulerStats().peakInFlight;
    const meets = late === 0 && peak <= 4 && armedMax <= 1;
    return {
      name: 'refresh storm',
      how: '1,000 accounts × 2 targets, 60 s tokens; seconds left at refresh',
      unit: 's left',
      ...s,
      target: 'all before expiry; peak ≤ 4; one timer',
      meetsTarget: meets,
      notes: `${expiries.size - late}/${expiries.size} refreshed before expiry; peak in flight ${peak}; scheduler timers armed at once ≤ ${armedMax}`,
    };
  } finally {
    await world.close();
  }
}

/** 2,000 tokens, none due, for 60 s: the CPU a background app costs while nothing happens. */
export async function idleFigure(seconds = 60): Promise<Figure> {
  const timers = countingTimers();
  // The provider runs in its own process: its CPU is not the engine's.
  const world = await startWorld({ accessTokenTtlSeconds: 3_600, timers, sandboxProcess: true });
  try {
    await addSignedIn(world.engine, world.sandbox);
    // Let the set-up settle before measuring quiet time: the group commit, and V8's memory reducer,
    // which collects the sign-ins' garbage some seconds after allocation stops (profiled: that
    // collection was all of the CPU of an earlier, 5-second settle). The figure is what idling
    // costs, not what the set-up left behind.
    await new Promise((r) => setTimeout(r, 30_000));
    const firedBefore = timers.fired.length;
    // Garbage collection in the measured minute, so a busy window can be told apart.
    const gc = { ms: 0, major: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.ms += entry.duration;
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += 1;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const samples: number[] = [];
    const windowSeconds = seconds / 6;
    for (let i = 0; i < 6; i += 1) {
      const start = process.cpuUsage();
      await new Promise((r) => setTimeout(r, windowSeconds * 1000));
      const used = process.cpuUsage(start);
      samples.push((used.user + used.system) / 1000);
    }
    observer.disconnect();
    const fired = timers.fired.length - firedBefore;
    const total = samples.reduce((a, b) => a + b, 0);
    const perWindow = summarize(samples);
    return {
      name: 'idle cost',
      how: `2,000 tokens, none due, ${seconds} s; engine process CPU ms per ${windowSeconds} s window`,
      unit: 'ms CPU',
      ...perWindow,
      target: '< 50 ms in 60 s; no timer firing more than once a second',
      meetsTarget: total < 50 && fired <= seconds,
      notes: `${total.toFixed(1)} ms CPU in ${seconds} s (windows: ${samples.map((v) => v.toFixed(0)).join(', ')} ms); engine timers fired ${fired} times; GC pauses ${gc.ms.toFixed(0)} ms (${gc.major} major)`,
    };
  } finally {
    await world.close();
  }
}
