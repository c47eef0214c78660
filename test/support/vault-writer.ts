/**
 * The child process of test/integration/vault-crash.test.ts: opens the vault in `argv[2]` with the
 * AES-256-GCM key in TOKENDOCK_VAULT_KEY_HEX and writes to it until it is killed, starting at round
 * `argv[3]`. Each account has its own loop, all running side by side: round n of account i writes
 * the account (updatedOn = n) with secrets whose values carry n, or removes it (see
 * `writerOperation`); account 0's loop also saves the settings every 7 rounds.
 *
 * Prints `ready` once the vault is open, then `w <index> <round>` / `r <index> <round>` as soon as
 * a write / removal has resolved (stdout to a pipe is synchronous on Linux, so a line printed is a
 * line the parent gets, however soon the kill comes).
 */
import { DEFAULT_SETTINGS } from '../../app/accounts/types';
import { AesGcmCipher, openVault } from '../../app/vault';
import {
  WRITER_ACCOUNT_COUNT,
  writerAccount,
  writerOperation,
  writerSecrets,
} from './vault-writer-data';

const directory = process.argv[2];
const first = Number(process.argv[3]);
const keyHex = process.env.TOKENDOCK_VAULT_KEY_HEX ?? '';
if (directory === undefined || !Number.isSafeInteger(first) || !/^[0-9a-f]{64}$/.test(keyHex)) {
  process.stderr.write(
    'usage: TOKENDOCK_VAULT_KEY_HEX=<64 hex> vault-writer.ts <directory> <first round>\n',
  );
  process.exit(2);
}

const vault = openVault({ directory, cipher: new AesGcmCipher(Buffer.from(keyHex, 'hex')) });

async function loop(index: number): Promise<never> {
  for (let round = first; ; round += 1) {
    const account = writerAccount(index, round);
    if (writerOperation(index, round) === 'remove') {
      await vault.removeAccount(account.id);
      process.stdout.write(`r ${index} ${round}\n`);
    } else {
      await vault.writeAccount({ account, secrets: writerSecrets(account.id, round) });
      process.stdout.write(`w ${index} ${round}\n`);
    }
    if (index === 0 && round % 7 === 0) {
      await vault.saveSettings({ ...DEFAULT_SETTINGS, leadTimeMinutes: round % 60 });
    }
  }
}

process.stdout.write('ready\n');
for (let index = 0; index < WRITER_ACCOUNT_COUNT; index += 1) {
  loop(index).catch((error: unknown) => {
    process.stderr.write(`writer ${index} failed: ${String(error)}\n`);
    process.exit(1);
  });
}
