/**
 * Late results: a refresh whose response is held at the wire (after the provider answered and
 * rotated) while the account is edited, signed in again or removed. The late result must be
 * discarded: none of its tokens kept or written, no token of the old configuration sent anywhere
 * else, no event for a removed account.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  onBehalfOfInputs,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

const REFRESH = 'refresh_token';
const PASSWORD = 'password';

let a: Fixture;
let b: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startFixture({ browser: false, accessTokenTtlSeconds: 600 }),
    startFixture({ browser: false, accessTokenTtlSeconds: 600 }),
  ]);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** An account of provider A signed in as its first user, with a refresh that is held at the wire. */
async function signedInWithHeldRefresh(harness: Harness) {
  const input = passwordAccount(a.sandbox);
  const account = await harness.engine.addAccount(input);
  await harness.engine.signIn(account.id, { password: a.sandbox.users[0]!.password });
  const targetId = account.targets[0]!.id;
  const hold = harness.wire.holdNext(REFRESH);
  const late = harness.engine.refreshNow(account.id, targetId).then(
    () => 'kept',
    (error: { code?: string }) => error.code,
  );
  await hold.arrived;
  const lateTokens = () => harness.wire.issued.findLast((t) => t.grantType === REFRESH)!;
  return { input, account, targetId, hold, late, lateTokens };
}

describe('a refresh that returns after its account changed', () => {
  it('edited to another provider: discarded, and no refresh token of A is ever sent to B', async () => {
    h = await startHarness(a);
    const { input, account, targetId, hold, late, lateTokens } = await signedInWithHeldRefresh(h);
    const toB: AccountInput = {
      ...input,
      authority: { kind: 'oidc', issuer: b.sandbox.issuer },
      clientId: b.sandbox.clients.native.clientId,
      targets: [
        {
          id: targetId,
          label: 'API',
          target: { kind: 'resource', resource: b.sandbox.resources.api.identifier },
        },
      ],
    };
    const edited = await h.engine.updateAccount(account.id, toB);
    hold.release();
    expect(await late).toBe('superseded');

    const view = h.engine.getAccount(account.id);
    expect(view.hasRefreshToken).toBe(false);
    expect(view.targets.map((t) => t.state)).toEqual(['signed-out']);
    await expect(
      h.engine.getToken(account.id, edited.targets[0]!.id, { minValiditySeconds: 60 }),
    ).rejects.toHaveProperty('code', 'interaction_required');
    expect(b.sandbox.tokenRequests.filter((r) => r.grantType === REFRESH)).toHaveLength(0);

    const late_ = lateTokens();
    h = await h.reopen();
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBeUndefined();
    expect(h.vault.readSecret({ accountId: account.id, targetId, kind: 'access-token' })).not.toBe(
      late_.accessToken,
    );
    expect(h.vault.load().accounts[0]!.refreshTokenBinding).toBeUndefined();
  });

  it('signed in again as another user: the account holds the new user and only their tokens', async () => {
    h = await startHarness(a);
    const { input, account, targetId, hold, late, lateTokens } = await signedInWithHeldRefresh(h);
    const grace = a.sandbox.users[1]!;
    const edited = await h.engine.updateAccount(account.id, {
      ...input,
      username: grace.username,
      targets: [{ ...input.targets[0]!, id: targetId }],
    });
    await h.engine.signIn(account.id, { password: grace.password });
    const signIn = h.wire.issued.findLast((t) => t.grantType === PASSWORD)!;
    hold.release();
    expect(await late).toBe('superseded');

    expect(h.engine.getAccount(account.id).identity?.userId).toBe(grace.username);
    const token = await h.engine.getToken(account.id, edited.targets[0]!.id);
    expect(token.accessToken).toBe(signIn.accessToken);
    expect(decodeJwt(token.accessToken).sub).toBe(grace.sub);

    const stale = lateTokens();
    h = await h.reopen();
    const stored = h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' });
    expect(stored).toBe(signIn.refreshToken);
    expect(stored).not.toBe(stale.refreshToken);
  });

  it('signed in again with the same configuration: the sign-in wins over the late refresh', async () => {
    h = await startHarness(a);
    const { account, targetId, hold, late, lateTokens } = await signedInWithHeldRefresh(h);
    await h.engine.signIn(account.id, { password: a.sandbox.users[0]!.password });
    const signIn = h.wire.issued.findLast((t) => t.grantType === PASSWORD)!;
    hold.release();
    expect(await late).toBe('superseded');
    expect((await h.engine.getToken(account.id, targetId)).accessToken).toBe(signIn.accessToken);
    expect(lateTokens().accessToken).not.toBe(signIn.accessToken);
    // The sign-in's refresh token is the one that works.
    await h.engine.refreshNow(account.id, targetId);
    expect(h.engine.getAccount(account.id).state).toBe('valid');
  });

  it('removed: nothing is written back and nothing is said about it', async () => {
    h = await startHarness(a);
    const { account, hold, late } = await signedInWithHeldRefresh(h);
    await h.engine.removeAccount(account.id);
    const afterRemoval = h.events.length;
    hold.release();
    expect(await late).toBe('superseded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.events.slice(afterRemoval).filter((e) => 'accountId' in e)).toEqual([]);

    h = await h.reopen();
    expect(h.vault.load().accounts).toEqual([]);
    expect(h.vault.readSecret({ accountId: account.id, kind: 'refresh-token' })).toBeUndefined();
    const names = await readdir(join(h.directory, 'store', 'accounts')).catch(() => []);
    expect(names.filter((name) => name.includes(account.id))).toEqual([]);
  });
});

describe('a sign-in that waits on another account', () => {
  it('on-behalf-of: cancel ends the sign-in while the source account is still refreshing', async () => {
    const short = await startFixture({ browser: false, accessTokenTtlSeconds: 30 });
    try {
      h = await startHarness(short);
      const inputs = onBehalfOfInputs(short.sandbox);
      const user = await h.engine.addAccount(inputs.user);
      await h.engine.signIn(user.id, { password: short.sandbox.users[0]!.password });
      const obo = await h.engine.addAccount(
        inputs.obo({ accountId: user.id, targetId: user.targets[0]!.id }),
      );
      // The 30-second source token has less than the minute an exchange wants: it refreshes first.
      const hold = h.wire.holdNext(REFRESH);
      const controller = new AbortController();
      const signIn = h.engine.signIn(obo.id, { signal: controller.signal }).then(
        () => 'signed in',
        (error: { code?: string }) => error.code,
      );
      await hold.arrived;
      const cancelledAt = Date.now();
      controller.abort();
      expect(await signIn).toBe('cancelled');
      expect(Date.now() - cancelledAt).toBeLessThan(1_000);
      hold.release();
    } finally {
      await h?.close();
      h = undefined;
      await short.close();
    }
  });
});
