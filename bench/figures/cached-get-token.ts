import { now, rounds, summarize, type Figure } from '../measure';
import { daemonInput, startWorld } from '../world';

/** `getToken` on a valid cached token: what every copy and every tray click costs. */
export async function cachedGetToken(): Promise<Figure> {
  const world = await startWorld();
  try {
    const account = await world.engine.addAccount(daemonInput(world.sandbox, 'cached'));
    await world.engine.signIn(account.id);
    const targetId = account.targets[0]!.id;
    const calls = 10_000;
    const perCall = await rounds(7, async () => {
      const started = now();
      for (let i = 0; i < calls; i += 1) await world.engine.getToken(account.id, targetId);
      return ((now() - started) * 1000) / calls;
    });
    const s = summarize(perCall);
    return {
      name: 'cached getToken',
      how: '10,000 calls on a valid token, per call',
      unit: 'µs',
      ...s,
      target: '< 50 µs',
      meetsTarget: s.median < 50,
    };
  } finally {
    await world.close();
  }
}
