/**
 * A process of its own for test/integration/keyring.test.ts: opens the keyring cipher
 * (`openKeyringCipher`) for `<service> <account>` and does one thing, then prints one JSON line
 * (`KeyringChildReport` in secret-service.ts): `isProtected`, `backend`, `openMs`, what it
 * found, the error it met (`name`, `message`), and every log line.
 *
 *   seal <service> <account> <plaintext> [probeTimeoutMs]   → `sealed` (base64)
 *   open <service> <account> <sealed base64>                → `opened`
 *   vault-write <service> <account> <dir> <accountId> <clientSecret>
 *   vault-read <service> <account> <dir> <accountId>        → `opened` (the client secret)
 *   seal-retry <service> <account> <plaintext> <sealed base64>
 *     tries to seal once (`firstError`), prints `{"waiting":true}`, waits for a line on stdin,
 *     then tries every 200 ms for 10 s (`attempts`, `sealed`) and opens `<sealed>` (`opened`).
 */
import { openKeyringCipher } from '../../app/keyring';
import { openVault } from '../../app/vault';
import { clientSecretKey, recordingLogger, sampleAccount } from './vault-fixtures';

const [command, service, account, ...rest] = process.argv.slice(2);
if (command === undefined || service === undefined || account === undefined) {
  process.stderr.write('usage: keyring-child.ts <command> <service> <account> ...\n');
  process.exit(2);
}
const logger = recordingLogger();
const arg = (index: number): string => {
  const value = rest[index];
  if (value === undefined) throw new Error(`${command}: argument ${index + 3} is missing`);
  return value;
};
const errorOf = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'unknown',
  message: error instanceof Error ? error.message : String(error),
});

function waitForLine(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      if (chunk.includes('\n')) resolve();
    });
    process.stdin.once('end', () => resolve());
  });
}

const started = performance.now();
const probeTimeoutMs = command === 'seal' && rest[1] !== undefined ? Number(rest[1]) : undefined;
const cipher = await openKeyringCipher({
  service,
  account,
  logger,
  ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
});
const report: Record<string, unknown> = {
  isProtected: cipher.isProtected,
  backend: cipher.backend,
  openMs: Math.round(performance.now() - started),
};
try {
  switch (command) {
    case 'seal':
      report.sealed = Buffer.from(cipher.encrypt(arg(0))).toString('base64');
      break;
    case 'open':
      report.opened = cipher.decrypt(Buffer.from(arg(0), 'base64'));
      break;
    case 'vault-write': {
      const vault = openVault({ directory: arg(0), cipher, logger });
      try {
        await vault.writeAccount({
          account: sampleAccount(arg(1)),
          secrets: [{ key: clientSecretKey(arg(1)), value: arg(2) }],
        });
        report.files = vault.files();
      } finally {
        await vault.close();
      }
      break;
    }
    case 'vault-read': {
      const vault = openVault({ directory: arg(0), cipher, logger });
      try {
        report.opened = vault.readSecret(clientSecretKey(arg(1)));
        report.problems = vault.problems;
      } finally {
        await vault.close();
      }
      break;
    }
    case 'seal-retry': {
      try {
        report.sealed = Buffer.from(cipher.encrypt(arg(0))).toString('base64');
      } catch (error) {
        report.firstError = errorOf(error);
      }
      process.stdout.write(`${JSON.stringify({ waiting: true })}\n`);
      await waitForLine();
      let attempts = 0;
      const deadline = performance.now() + 10_000;
      while (report.sealed === undefined) {
        attempts += 1;
        try {
          report.sealed = Buffer.from(cipher.encrypt(arg(0))).toString('base64');
        } catch (error) {
          if (performance.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      report.attempts = attempts;
      report.opened = cipher.decrypt(Buffer.from(arg(1), 'base64'));
      break;
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  report.error = errorOf(error);
}
report.log = logger.lines;
process.stdout.write(`${JSON.stringify(report)}\n`);
// A probe still waiting for the keyring must not keep this process alive.
process.exit(0);
