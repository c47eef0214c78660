import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountRecord } from '../../app/accounts/types';
import { Persistence } from '../../app/engine/persistence';
import { systemTimers } from '../../app/ports';
import type { SecretChange, Vault } from '../../app/vault/types';

function recordingVault() {
  const writes: SecretChange[][] = [];
  let accountSaves = 0;
  const vault = {
    writeSecrets: (changes: readonly SecretChange[]) => void writes.push([...changes]),
    saveAccounts: () => void (accountSaves += 1),
  } as unknown as Vault;
  return { vault, writes, saves: () => accountSaves };
}

const rt = (accountId: string, value: string | undefined): SecretChange => ({
  key: { accountId, kind: 'refresh-token' },
  value,
});
const at = (accountId: string, targetId: string, value: string): SecretChange => ({
  key: { accountId, targetId, kind: 'access-token' },
  value,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Persistence (group commit)', () => {
  it('writes staged tokens together within 200 ms, the newest value of each key', () => {
    const { vault, writes, saves } = recordingVault();
    const p = new Persistence(vault, systemTimers, () => [] as AccountRecord[]);
    p.stage([rt('a', 'r1'), at('a', 't', 'x1')]);
    p.stage([rt('a', 'r2')]);
    p.stage([at('b', 't', 'y1')]);
    expect(writes).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(writes).toEqual([[rt('a', 'r2'), at('a', 't', 'x1'), at('b', 't', 'y1')]]);
    expect(saves()).toBe(1);
  });

  it('writes a staged refresh token before it is spent again (metadata follows with the group)', () => {
    const { vault, writes, saves } = recordingVault();
    const p = new Persistence(vault, systemTimers, () => []);
    p.stage([rt('a', 'r2')]);
    p.flushFor('b');
    expect(writes).toHaveLength(0);
    p.flushFor('a');
    expect(writes).toEqual([[rt('a', 'r2')]]);
    expect(saves()).toBe(0);
    vi.advanceTimersByTime(500);
    expect(writes).toHaveLength(1);
    expect(saves()).toBe(1);
  });

  it('forgets what is staged for a removed account, and writes changes a person made at once', () => {
    const { vault, writes } = recordingVault();
    const p = new Persistence(vault, systemTimers, () => []);
    p.stage([rt('gone', 'r'), rt('kept', 'k')]);
    p.drop('gone');
    p.write([{ key: { accountId: 'kept', kind: 'client-secret' }, value: 's' }]);
    expect(writes).toEqual([
      [rt('kept', 'k'), { key: { accountId: 'kept', kind: 'client-secret' }, value: 's' }],
    ]);
  });
});
