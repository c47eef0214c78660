import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmCipher, openVault } from '../../app/vault';
import { now, rounds, summarize, type Figure } from '../measure';
import { writeSyntheticVault } from '../synthetic';

const ACCOUNTS = 1_000;

/** Opening a vault of 1,000 accounts with 2,000 encrypted access tokens, and decrypting them all. */
export async function vaultFigures(): Promise<Figure[]> {
  const cipher = new AesGcmCipher();
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-bench-vault-'));
  try {
    let t = now();
    const accounts = await writeSyntheticVault(directory, cipher, {
      accounts: ACCOUNTS,
      targetsPerAccount: 2,
    });
    const writeMs = now() - t;
    let size = 0;
    let files = 0;
    const opens = await rounds(5, async () => {
      t = now();
      const vault = openVault({ directory, cipher });
      const loaded = vault.load();
      let opened = 0;
      for (const account of loaded.accounts) {
        for (const target of account.targets) {
          const key = { accountId: account.id, targetId: target.id, kind: 'access-token' as const };
          if (vault.readSecret(key) !== undefined) opened += 1;
        }
      }
      const ms = now() - t;
      if (loaded.accounts.length !== accounts.length || opened !== ACCOUNTS * 2)
        throw new Error('the vault lost accounts or tokens');
      const paths = vault.files();
      files = paths.length;
      size = 0;
      for (const file of paths) size += (await stat(file)).size;
      await vault.close();
      return ms;
    });
    const open = summarize(opens);
    return [
      {
        name: 'vault open + decrypt',
        how: '1,000 accounts: open, load, decrypt all 2,000 access tokens',
        unit: 'ms',
        ...open,
        target: '< 100 ms',
        meetsTarget: open.median < 100,
        notes: `${files} files, ${(size / 1024 / 1024).toFixed(2)} MiB; written first in ${writeMs.toFixed(0)} ms (one durable write per account, 500 at a time)`,
      },
    ];
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
