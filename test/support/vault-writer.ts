/**
 * The child process of test/integration/vault-crash.test.ts: opens the vault in `argv[2]` with the
 * AES-256-GCM key in TOKENDOCK_VAULT_KEY_HEX and writes to it in a loop until it is killed.
 * Each round saves all accounts (updatedOn = round), sometimes the settings, sometimes deletes
 * one account's secrets, then writes every secret of every account in one batch (values carry
 * the round), so a reader can tell a torn write from a whole one.
 * Prints `ready <first round>` once the first round is on disk.
 */
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, openVault, type SecretChange } from '../../app/vault';
import {
  WRITER_ACCOUNT_COUNT,
  WRITER_SECRET_KINDS,
  writerAccount,
  writerSecretValue,
} from './vault-writer-data';

const directory = process.argv[2];
const keyHex = process.env.TOKENDOCK_VAULT_KEY_HEX ?? '';
if (directory === undefined || !/^[0-9a-f]{64}$/.test(keyHex)) {
  process.stderr.write('usage: TOKENDOCK_VAULT_KEY_HEX=<64 hex> vault-writer.ts <directory>\n');
  process.exit(2);
}

const vault = openVault({ directory, cipher: new AesGcmCipher(Buffer.from(keyHex, 'hex')) });
const previous = vault.load().accounts[0]?.updatedOn ?? 0;

function round(n: number): void {
  const accounts = Array.from({ length: WRITER_ACCOUNT_COUNT }, (_, index) =>
    writerAccount(index, n),
  );
  vault.saveAccounts(accounts);
  if (n % 7 === 0) vault.saveSettings({ ...DEFAULT_SETTINGS, leadTimeMinutes: n % 60 });
  if (n % 5 === 0) vault.deleteAccountSecrets(accounts[n % WRITER_ACCOUNT_COUNT]!.id);
  const batch: SecretChange[] = accounts.flatMap((account) =>
    WRITER_SECRET_KINDS.map((key) => ({
      key: { accountId: account.id, ...key },
      value: writerSecretValue(account.id, key.kind, n),
    })),
  );
  vault.writeSecrets(batch);
}

const first = previous + 1;
round(first);
process.stdout.write(`ready ${first}\n`);
for (let n = first + 1; ; n += 1) round(n);
