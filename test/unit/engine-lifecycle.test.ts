import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../app/contract/errors';
import {
  displayState,
  nextLifecycle,
  SIGNED_OUT,
  type LifecycleEvent,
  type TargetLifecycle,
} from '../../app/engine/lifecycle';

const network: ErrorInfo = { code: 'network', message: 'Could not reach the provider.' };
const refused: ErrorInfo = { code: 'invalid_client', message: 'The client was refused.' };

function run(events: LifecycleEvent[], from: TargetLifecycle = SIGNED_OUT): TargetLifecycle {
  return events.reduce(nextLifecycle, from);
}

describe('a target lifecycle', () => {
  it('counts attempts across transient failures and forgets them after a success', () => {
    const retrying = run([
      { type: 'token-loaded' },
      { type: 'refresh-started' },
      { type: 'transient-failure', error: network, retryAt: 10, retryOn: 10, offline: true },
      { type: 'refresh-started' },
      { type: 'transient-failure', error: network, retryAt: 20, retryOn: 20, offline: true },
    ]);
    expect(retrying).toMatchObject({ phase: 'retrying', attempt: 2, retryAt: 20 });
    const recovered = run([{ type: 'refresh-started' }, { type: 'refreshed', at: 99 }], retrying);
    expect(recovered).toEqual({ phase: 'valid', lastRefreshOn: 99 });
    const again = run(
      [
        { type: 'refresh-started' },
        { type: 'transient-failure', error: network, retryAt: 30, retryOn: 30, offline: false },
      ],
      recovered,
    );
    expect(again).toMatchObject({ phase: 'retrying', attempt: 1, lastRefreshOn: 99 });
  });

  it('an abandoned refresh goes back to where it was, without an error', () => {
    const valid = run([{ type: 'refreshed', at: 5 }]);
    expect(
      run([{ type: 'refresh-started' }, { type: 'refresh-abandoned', hasToken: true }], valid),
    ).toEqual({ phase: 'valid', lastRefreshOn: 5 });
    expect(run([{ type: 'refresh-started' }, { type: 'refresh-abandoned', hasToken: false }])).toBe(
      SIGNED_OUT,
    );
    // Only a refresh can be abandoned: a target that needs sign-in stays so.
    const needs = run([{ type: 'needs-sign-in' }]);
    expect(run([{ type: 'refresh-abandoned', hasToken: true }], needs)).toBe(needs);
  });

  it('shows people what they can act on', () => {
    const offline = run([
      { type: 'token-loaded' },
      { type: 'transient-failure', error: network, retryAt: 10, retryOn: 10, offline: true },
    ]);
    expect(displayState(offline, 'fresh')).toBe('offline');
    expect(displayState(offline, 'expired')).toBe('offline');
    const serverDown = run([
      { type: 'transient-failure', error: network, retryAt: 10, retryOn: 10, offline: false },
    ]);
    expect(displayState(serverDown, 'fresh')).toBe('retrying');
    expect(displayState(serverDown, 'none')).toBe('error');
    expect(displayState(run([{ type: 'failed', error: refused }]), 'fresh')).toBe('error');
    expect(displayState(run([{ type: 'needs-sign-in' }]), 'fresh')).toBe('needs-sign-in');
    const warned = run([{ type: 'token-loaded' }, { type: 'warned-expiring' }]);
    expect(displayState(warned, 'fresh')).toBe('expiring');
    expect(displayState(run([{ type: 'token-loaded' }]), 'expiring')).toBe('expiring');
    expect(displayState(run([{ type: 'token-loaded' }]), 'fresh')).toBe('valid');
    expect(displayState(run([{ type: 'token-loaded' }]), 'none')).toBe('signed-out');
  });
});
