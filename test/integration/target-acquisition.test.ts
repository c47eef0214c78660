import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenDockError } from '../../app/errors/tokendock-error';
import type { AccountInput } from '../../app/engine';
import { enterDeviceCode } from '../support/person-at-sandbox';
import { startFixture, type Fixture } from '../support/sandbox-fixture';
import {
  daemonAccount,
  eventually,
  passwordAccount,
  startHarness,
  type Harness,
} from '../support/engine-harness';

let f: Fixture;
let h: Harness;
beforeAll(async () => {
  f = await startFixture({ deviceIntervalSeconds: 1 });
});
afterEach(async () => {
  await h?.close();
});
afterAll(async () => {
  await f?.close();
});

/** A password account of Ada, signed in (the engine holds her refresh token, not her password). */
async function signedInAda() {
  const ada = f.sandbox.users[0]!;
  const account = await h.engine.addAccount(passwordAccount(f.sandbox));
  await h.engine.signIn(account.id, { password: ada.password });
  return account;
}

/**
 * Ada's password account, signed in for the API and the middle tier, then edited down to the API
 * alone: her refresh token's grant still covers the middle tier (the sandbox, like any provider
 * following RFC 6749 §6, refuses a scope outside it).
 */
async function adaGrantedBothKeepingOne() {
  const ada = f.sandbox.users[0]!;
  const { api, middleTier } = f.sandbox.resources;
  const apiTarget = {
    label: 'API',
    target: { kind: 'resource' as const, resource: api.identifier, scopes: ['api.read'] },
  };
  const middle = {
    label: 'Middle tier',
    target: {
      kind: 'resource' as const,
      resource: middleTier.identifier,
      scopes: middleTier.scopes,
    },
  };
  const input: AccountInput = {
    name: 'Ada (device code)',
    authority: { kind: 'sandbox' },
    flow: 'device_code',
    clientId: f.sandbox.clients.native.clientId,
    clientAuth: { kind: 'none' },
    targets: [apiTarget, middle],
  };
  const account = await h.engine.addAccount(input);
  await h.engine.signIn(account.id, {
    onDeviceCode: (prompt) => void enterDeviceCode(f.browser, prompt, ada),
  });
  const kept = { ...apiTarget, id: account.targets[0]!.id };
  await h.engine.updateAccount(account.id, { ...input, targets: [kept] });
  return { input, account: h.engine.getAccount(account.id), middle: middle.target };
}

/** The grant types of the token requests so far, in order. */
const grants = () => h.wire.requests.flatMap((r) => (r.grantType ? [r.grantType] : []));

describe('a token for scopes or a resource the account has no target for', () => {
  it('adds the target and acquires it with the refresh token, once', async () => {
    h = await startHarness(f);
    const { account, middle } = await adaGrantedBothKeepingOne();
    expect(account.targets).toHaveLength(1);
    const before = { grants: grants().length, refresh: h.wire.count('refresh_token') };

    const first = await h.engine.acquireTarget(account.id, {
      resource: middle.resource,
      scopes: middle.scopes,
    });
    const claims = decodeJwt(first.accessToken);
    expect(claims.aud).toBe(middle.resource);
    expect(claims.sub).toBe(f.sandbox.users[0]!.sub);
    // No person: one refresh-token request, nothing else.
    expect(h.wire.count('refresh_token')).toBe(before.refresh + 1);
    expect(grants().slice(before.grants)).toEqual(['refresh_token']);
    const view = h.engine.getAccount(account.id);
    expect(view.targets).toHaveLength(2);
    expect(view.targets.find((t) => t.id === first.targetId)?.state).toBe('valid');

    // Asked again: the same target and its cached token, no request.
    const again = await h.engine.acquireTarget(account.id, {
      resource: middle.resource,
      scopes: middle.scopes,
    });
    expect(again.targetId).toBe(first.targetId);
    expect(again.accessToken).toBe(first.accessToken);
    expect(h.wire.count('refresh_token')).toBe(before.refresh + 1);

    // The added target is saved with the account.
    h = await h.reopen();
    expect(h.engine.getAccount(account.id).targets.map((t) => t.id)).toContain(first.targetId);
  });

  it('asks for a sign-in for a scope outside the grant, and keeps the refresh token for the rest', async () => {
    h = await startHarness(f);
    const account = await signedInAda();
    const { middleTier } = f.sandbox.resources;
    const error = await h.engine
      .acquireTarget(account.id, { resource: middleTier.identifier, scopes: middleTier.scopes })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).code).toBe('consent_required');
    const view = h.engine.getAccount(account.id);
    const added = view.targets.find(
      (t) => t.target.kind === 'resource' && t.target.resource === middleTier.identifier,
    );
    expect(added?.state).toBe('needs-sign-in');
    // The first target and the refresh token are untouched: a refresh still works.
    expect(view.hasRefreshToken).toBe(true);
    expect(view.targets[0]!.state).toBe('valid');
    const refreshes = h.wire.count('refresh_token');
    await h.engine.refreshNow(account.id, account.targets[0]!.id);
    expect(h.wire.count('refresh_token')).toBe(refreshes + 1);
  });

  it('serves a request for a subset of a target’s scopes from that target', async () => {
    h = await startHarness(f);
    const account = await signedInAda();
    const requests = h.wire.requests.length;
    const served = await h.engine.acquireTarget(account.id, {
      resource: f.sandbox.resources.api.identifier,
      scopes: ['api.read'],
    });
    expect(served.targetId).toBe(account.targets[0]!.id);
    expect(h.wire.requests.length).toBe(requests);
  });

  it('passes on the provider’s refusal of a resource it does not know', async () => {
    h = await startHarness(f);
    const account = await signedInAda();
    const error = await h.engine
      .acquireTarget(account.id, { resource: 'api://nobody-knows-this' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).code).toBe('invalid_target');
  });

  it('acquires a new target of an app-only account with its own credentials', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(daemonAccount(f.sandbox));
    const got = await h.engine.acquireTarget(account.id, {
      resource: f.sandbox.resources.downstream.identifier,
    });
    expect(decodeJwt(got.accessToken).aud).toBe(f.sandbox.resources.downstream.identifier);
  });

  it('refuses a request that names neither scopes nor a resource', async () => {
    h = await startHarness(f);
    const account = await signedInAda();
    const error = await h.engine.acquireTarget(account.id, { scopes: [' '] }).catch((e) => e);
    expect((error as TokenDockError).code).toBe('invalid_request');
    expect(h.engine.getAccount(account.id).targets).toHaveLength(1);
  });
});

describe('a target added to a signed-in account in the window', () => {
  it('gets its token with the refresh token, without asking for a sign-in', async () => {
    h = await startHarness(f);
    const { input, account, middle } = await adaGrantedBothKeepingOne();
    const signIns = h.wire.requests.filter((r) => r.grantType?.endsWith('device_code')).length;
    const updated = await h.engine.updateAccount(account.id, {
      ...input,
      targets: [
        { ...input.targets[0]!, id: account.targets[0]!.id },
        { label: 'Middle tier again', target: middle },
      ],
    });
    const added = updated.targets.find((t) => t.label === 'Middle tier again')!;
    await eventually(
      () =>
        h.engine.getAccount(account.id).targets.find((t) => t.id === added.id)?.state === 'valid',
    );
    const { accessToken } = await h.engine.getToken(account.id, added.id);
    expect(decodeJwt(accessToken).aud).toBe(middle.resource);
    expect(h.wire.requests.filter((r) => r.grantType?.endsWith('device_code')).length).toBe(
      signIns,
    );
  });
});

describe('a grant the provider refused', () => {
  it('hands out nothing, not even the access token that still has time left', async () => {
    h = await startHarness(f);
    const account = await signedInAda();
    const targetId = account.targets[0]!.id;
    const before = await h.engine.getToken(account.id, targetId);
    expect(before.expiresOn - Date.now()).toBeGreaterThan(30 * 60_000);

    await f.sandbox.revokeUserGrants(f.sandbox.users[0]!.username);
    await expect(h.engine.refreshNow(account.id, targetId)).rejects.toHaveProperty(
      'code',
      'invalid_grant',
    );
    expect(h.engine.getAccount(account.id).state).toBe('needs-sign-in');
    await expect(h.engine.getToken(account.id, targetId)).rejects.toHaveProperty(
      'code',
      'interaction_required',
    );
    await expect(h.engine.copyToken(account.id, targetId, 'raw')).rejects.toHaveProperty(
      'code',
      'interaction_required',
    );
    expect(h.clipboard.text).not.toBe(before.accessToken);
  });
});

describe('a script asking for ever new scopes', () => {
  it('cannot grow an account past the targets the form allows', async () => {
    h = await startHarness(f);
    const account = await h.engine.addAccount(daemonAccount(f.sandbox));
    const codes: string[] = [];
    for (let i = 0; i < 52; i += 1) {
      const error = await h.engine
        .acquireTarget(account.id, { resource: `api://nobody-${i}` })
        .catch((e: unknown) => e as TokenDockError);
      if (error instanceof TokenDockError) codes.push(error.code);
    }
    expect(h.engine.getAccount(account.id).targets).toHaveLength(50);
    // One target to start with, 49 added (each refused by the sandbox, kept for a sign-in), then none.
    expect(codes.filter((c) => c === 'invalid_target')).toHaveLength(49);
    expect(codes.slice(49)).toEqual(['invalid_request', 'invalid_request', 'invalid_request']);
  });
});
