import * as oidc from 'openid-client';
import { now, summarize, type Figure } from '../measure';
import { daemonInput, passwordInput, startWorld } from '../world';

const PAIRS = 200;
const ROUNDS = 5;

/**
 * Engine vs. raw openid-client against the same sandbox, interleaved so both see the same
 * machine: the engine's refresh (single-flight, vault write, scheduling, events) and its
 * client-credentials sign-in, each over the bare grant call.
 */
export async function overheadFigures(): Promise<Figure[]> {
  const world = await startWorld();
  try {
    const { sandbox, engine } = world;
    const raw = await oidc.discovery(
      new URL(sandbox.issuer),
      sandbox.clients.native.clientId,
      undefined,
      oidc.None(),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const rawDaemon = await oidc.discovery(
      new URL(sandbox.issuer),
      sandbox.clients.daemon.clientId,
      undefined,
      oidc.ClientSecretBasic(sandbox.clients.daemon.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const user = sandbox.users[0]!;
    const parameters = {
      resource: sandbox.resources.api.identifier,
      scope: 'openid profile offline_access api.read',
    };

    // Refresh: the engine's "refresh now" vs. openid-client's refreshTokenGrant, both rotating.
    const account = await engine.addAccount(passwordInput(sandbox, 'refresher'));
    await engine.signIn(account.id, { password: user.password });
    let rawRefreshToken = (
      await oidc.genericGrantRequest(raw, 'password', {
        ...parameters,
        username: user.username,
        password: user.password,
      })
    ).refresh_token!;
    const refreshRatios: number[] = [];
    const engineRefresh: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const e: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < PAIRS / ROUNDS; i += 1) {
        let t = now();
        await engine.refreshNow(account.id, account.targets[0]!.id);
        e.push(now() - t);
        t = now();
        rawRefreshToken = (await oidc.refreshTokenGrant(raw, rawRefreshToken, parameters))
          .refresh_token!;
        b.push(now() - t);
      }
      refreshRatios.push(summarize(e).median / summarize(b).median);
      engineRefresh.push(...e);
    }

    // Sign-in: the engine's client-credentials sign-in vs. openid-client's clientCredentialsGrant.
    const daemon = await engine.addAccount(daemonInput(sandbox, 'daemon'));
    const signInRatios: number[] = [];
    const engineSignIn: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const e: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < PAIRS / ROUNDS; i += 1) {
        let t = now();
        await engine.signIn(daemon.id);
        e.push(now() - t);
        t = now();
        await oidc.clientCredentialsGrant(rawDaemon, {
          resource: sandbox.resources.api.identifier,
        });
        b.push(now() - t);
      }
      signInRatios.push(summarize(e).median / summarize(b).median);
      engineSignIn.push(...e);
    }
    const refresh = summarize(refreshRatios);
    const signIn = summarize(signInRatios);
    const refreshTimes = summarize(engineRefresh);
    const signInTimes = summarize(engineSignIn);
    return [
      {
        name: 'refresh overhead',
        how: `engine refresh ÷ openid-client refreshTokenGrant, ${PAIRS} each, interleaved`,
        unit: '×',
        ...refresh,
        target: '≤ 1.15',
        meetsTarget: refresh.median <= 1.15,
        notes: `engine refresh ${refreshTimes.median.toFixed(2)} ms per operation (min ${refreshTimes.min.toFixed(2)}, max ${refreshTimes.max.toFixed(2)})`,
      },
      {
        name: 'sign-in overhead',
        how: `engine client-credentials sign-in ÷ openid-client clientCredentialsGrant, ${PAIRS} each, interleaved`,
        unit: '×',
        ...signIn,
        target: '≤ 1.15',
        meetsTarget: signIn.median <= 1.15,
        notes: `engine sign-in ${signInTimes.median.toFixed(2)} ms per operation (min ${signInTimes.min.toFixed(2)}, max ${signInTimes.max.toFixed(2)})`,
      },
    ];
  } finally {
    await world.close();
  }
}
