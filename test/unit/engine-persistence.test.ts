import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountRecord } from '../../app/accounts/types';
import type { StorageState } from '../../app/contract/settings';
import { Persistence } from '../../app/engine/persistence';
import { silentLogger, systemTimers } from '../../app/ports';
import { VaultWriteError } from '../../app/vault/errors';
import type { AccountWrite, SecretChange, Vault } from '../../app/vault/types';
import { sampleAccount } from '../support/vault-fixtures';

/** A vault whose writes are recorded and can be made to fail (as a full disk would). */
function recordingVault() {
  const writes: AccountWrite[] = [];
  const removed: string[] = [];
  let failWith: string | undefined;
  let gate: Promise<void> | undefined;
  const vault = {
    writeAccount: async (write: AccountWrite) => {
      // Whether this write fails is decided when it starts, as a disk decides it.
      const failing = failWith;
      if (gate) await gate;
      if (failing) throw new VaultWriteError(`write failed: ${failing}`, { fsCode: failing });
      writes.push(structuredClone(write));
    },
    removeAccount: async (id: string) => void removed.push(id),
  } as unknown as Vault;
  return {
    vault,
    writes,
    removed,
    fail: (code: string | undefined) => (failWith = code),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const rt = (accountId: string, value: string | undefined): SecretChange => ({
  key: { accountId, kind: 'refresh-token' },
  value,
});
const at = (accountId: string, targetId: string, value: string): SecretChange => ({
  key: { accountId, targetId, kind: 'access-token' },
  value,
});

function setUp() {
  const v = recordingVault();
  const accounts = new Map<string, AccountRecord>([
    ['a', sampleAccount('a')],
    ['b', sampleAccount('b')],
  ]);
  const states: StorageState[] = [];
  const p = new Persistence({
    vault: v.vault,
    timers: systemTimers,
    logger: silentLogger,
    account: (id) => accounts.get(id),
    onStateChange: (state) => void states.push(state),
    now: () => Date.now(),
  });
  return { ...v, accounts, states, p };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Persistence', () => {
  it('writes a refresh token at once, only its own account, and resolves once it is written', async () => {
    const { p, writes } = setUp();
    const done = p.save('a', [rt('a', 'r1')], { durable: true });
    expect(await done).toBe(true);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.account.id).toBe('a');
    expect(writes[0]!.secrets).toEqual([rt('a', 'r1')]);
  });

  it('groups access tokens within 200 ms: one write per account, the newest value of each', async () => {
    const { p, writes } = setUp();
    await p.save('a', [at('a', 't', 'x1')], { durable: false });
    await p.save('a', [at('a', 't', 'x2')], { durable: false });
    await p.save('b', [at('b', 't', 'y1')], { durable: false });
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(writes.map((w) => [w.account.id, w.secrets])).toEqual([
      ['a', [at('a', 't', 'x2')]],
      ['b', [at('b', 't', 'y1')]],
    ]);
  });

  it('a failed write keeps its changes, says "cannot save", retries with backoff, and recovers', async () => {
    const { p, writes, states, fail } = setUp();
    fail('ENOSPC');
    expect(await p.save('a', [rt('a', 'r1')], { durable: true })).toBe(false);
    expect(p.state).toMatchObject({ kind: 'cannot-save', fsCode: 'ENOSPC' });
    expect(states.at(-1)).toMatchObject({ kind: 'cannot-save', reason: 'The disk is full.' });
    expect(p.pending({ accountId: 'a', kind: 'refresh-token' })?.value).toBe('r1');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(writes).toHaveLength(0);
    // Still failing: the next attempt waits longer.
    expect(p.state).toMatchObject({ kind: 'cannot-save' });
    fail(undefined);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.map((w) => w.secrets)).toEqual([[rt('a', 'r1')]]);
    expect(p.state).toEqual({ kind: 'ok' });
    expect(states.at(-1)).toEqual({ kind: 'ok' });
  });

  it('a retry carries the newest value: a failed older write never overwrites a newer change', async () => {
    const { p, writes, fail, hold } = setUp();
    fail('EROFS');
    const release = hold();
    const first = p.save('a', [rt('a', 'old')], { durable: true });
    await vi.advanceTimersByTimeAsync(0); // the first write has started (and will fail)
    // Arrives while the first write is under way (and about to fail).
    const second = p.save('a', [rt('a', 'new')], { durable: true });
    fail(undefined);
    release();
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(writes.map((w) => w.secrets)).toEqual([[rt('a', 'new')]]);
    expect(p.pending({ accountId: 'a', kind: 'refresh-token' })).toBeUndefined();
  });

  it('answers reads of what is not written yet, including a write under way', async () => {
    const { p, hold } = setUp();
    const release = hold();
    const writing = p.save('a', [rt('a', 'r1')], { durable: true });
    await Promise.resolve();
    expect(p.pending({ accountId: 'a', kind: 'refresh-token' })?.value).toBe('r1');
    release();
    await writing;
    expect(p.pending({ accountId: 'a', kind: 'refresh-token' })).toBeUndefined();
  });

  it('removing an account drops what was not written and removes its file after writes under way', async () => {
    const { p, writes, removed, accounts, hold } = setUp();
    const release = hold();
    const writing = p.save('a', [rt('a', 'r1')], { durable: true });
    await vi.advanceTimersByTimeAsync(0); // the write has taken r1 and waits for the disk
    await p.save('a', [at('a', 't', 'x1')], { durable: false });
    accounts.delete('a');
    const removal = p.remove('a');
    release();
    await Promise.all([writing, removal]);
    await vi.advanceTimersByTimeAsync(500);
    expect(writes.map((w) => w.secrets)).toEqual([[rt('a', 'r1')]]);
    expect(removed).toEqual(['a']);
  });

  it('after stop, nothing waits on a timer: every change is written at once', async () => {
    const { p, writes } = setUp();
    await p.save('a', [at('a', 't', 'x1')], { durable: false });
    expect(await p.stop()).toBe(true);
    expect(writes).toHaveLength(1);
    await p.save('b', [at('b', 't', 'y1')], { durable: false });
    expect(writes).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
