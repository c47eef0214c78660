import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountRecord } from '../../app/accounts/types';
import { AesGcmCipher, openVault } from '../../app/vault';
import { now, rounds, summarize, type Figure } from '../measure';

function account(i: number): AccountRecord {
  const t = Date.now();
  return {
    id: randomUUID(),
    name: `Account ${i}`,
    authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
    flow: 'authorization_code',
    clientId: randomUUID(),
    clientAuth: { kind: 'none' },
    signInMode: 'embedded',
    redirectUri: 'http://localhost',
    targets: [0, 1].map((n) => ({
      id: randomUUID(),
      label: `Target ${n}`,
      target: { kind: 'resource' as const, resource: `https://api${n}.example.com` },
      token: {
        expiresOn: t + 3_600_000,
        expiresIn: 3600,
        acquiredOn: t,
        scope: 'openid profile',
        hasRefreshToken: true,
      },
    })),
    createdOn: t,
    updatedOn: t,
  };
}

/** Saving and loading 1,000 accounts with 2,000 encrypted access tokens. */
export async function vaultFigures(): Promise<Figure[]> {
  const cipher = new AesGcmCipher();
  const accounts = Array.from({ length: 1_000 }, (_, i) => account(i));
  const token = () => `eyJ${randomBytes(900).toString('base64url')}`;
  const secrets = accounts.flatMap((a) =>
    a.targets.map((t) => ({
      key: { accountId: a.id, targetId: t.id, kind: 'access-token' as const },
      value: token(),
    })),
  );
  const saves: number[] = [];
  const loads: number[] = [];
  let size = 0;
  await rounds(5, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tokendock-bench-vault-'));
    try {
      const vault = openVault({ directory, cipher });
      let t = now();
      vault.saveAccounts(accounts);
      vault.writeSecrets(secrets);
      saves.push(now() - t);
      t = now();
      const reopened = openVault({ directory, cipher });
      const loaded = reopened.load();
      for (const s of secrets) reopened.readSecret(s.key);
      loads.push(now() - t);
      if (loaded.accounts.length !== accounts.length) throw new Error('the vault lost accounts');
      size = 0;
      for (const file of reopened.files()) size += (await stat(file)).size;
      return 0;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
  const save = summarize(saves);
  const load = summarize(loads);
  const notes = `files ${(size / 1024 / 1024).toFixed(2)} MiB`;
  return [
    {
      name: 'vault save',
      how: '1,000 accounts + 2,000 encrypted tokens, one save each',
      unit: 'ms',
      ...save,
      target: '< 100 ms',
      meetsTarget: save.median < 100,
      notes,
    },
    {
      name: 'vault load',
      how: 'open, load and decrypt all of it',
      unit: 'ms',
      ...load,
      target: '< 100 ms',
      meetsTarget: load.median < 100,
      notes,
    },
  ];
}
