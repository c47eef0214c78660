/**
 * A second process for test/integration/vault-lock.test.ts: opens the vault in `argv[2]` and
 * prints one JSON line: `{ "opened": true, "log": [...] }`, or `{ "error", "message", "holderPid" }`
 * when it cannot. With `hold` as `argv[3]` it then keeps the vault open until its stdin closes
 * (or it is killed); otherwise it closes it and exits.
 */
import { AesGcmCipher, openVault, VaultLockedError } from '../../app/vault';
import { recordingLogger } from './vault-fixtures';

const directory = process.argv[2];
if (directory === undefined) {
  process.stderr.write('usage: vault-lock-probe.ts <directory> [hold]\n');
  process.exit(2);
}
const logger = recordingLogger();
try {
  const vault = openVault({ directory, cipher: new AesGcmCipher(), logger });
  process.stdout.write(
    `${JSON.stringify({ opened: true, pid: process.pid, log: logger.lines })}\n`,
  );
  if (process.argv[3] === 'hold') {
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.once('end', resolve));
  }
  await vault.close();
} catch (error) {
  const locked = error instanceof VaultLockedError;
  process.stdout.write(
    `${JSON.stringify({
      error: (error as Error).name,
      message: (error as Error).message,
      holderPid: locked ? error.holderPid : undefined,
    })}\n`,
  );
  process.exitCode = 3;
}
