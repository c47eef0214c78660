/**
 * The child process of test/integration/engine-crash.test.ts: an engine on the vault in `argv[2]`
 * (AES-256-GCM key in TOKENDOCK_VAULT_KEY_HEX) with a password account at the sandbox whose issuer
 * is `argv[3]`, refreshing it in a loop until it is killed. The first start signs in (user and
 * password in TOKENDOCK_USER / TOKENDOCK_PASSWORD); so does a start whose stored refresh token the
 * provider refuses (it was rotated by a response the killed process never received).
 *
 * Prints `ready` once running; `issued <fingerprint>` for each refresh token the moment its
 * response arrives (before the engine sees it); and `returned <fingerprint>` once the refresh that
 * received it has returned: from then on, it must survive a kill.
 */
import { createHash } from 'node:crypto';
import { Engine } from '../../app/engine';
import { AesGcmCipher, openVault } from '../../app/vault';

const [directory, issuer] = process.argv.slice(2);
const keyHex = process.env.TOKENDOCK_VAULT_KEY_HEX ?? '';
const username = process.env.TOKENDOCK_USER ?? '';
const password = process.env.TOKENDOCK_PASSWORD ?? '';
if (!directory || !issuer || !/^[0-9a-f]{64}$/.test(keyHex) || !username || !password) {
  process.stderr.write('usage: see the comment at the top of engine-child.ts\n');
  process.exit(2);
}

const fingerprint = (value: string | undefined) =>
  value ? createHash('sha256').update(value).digest('hex').slice(0, 16) : 'none';

let latest: string | undefined;
/** Node's fetch, noting each refresh token as it arrives. */
const watchingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.headers.get('content-type')?.includes('json')) {
    const body = (await response.clone().json()) as { refresh_token?: unknown };
    if (typeof body.refresh_token === 'string') {
      latest = body.refresh_token;
      process.stdout.write(`issued ${fingerprint(latest)}\n`);
    }
  }
  return response;
};

const vault = openVault({ directory, cipher: new AesGcmCipher(Buffer.from(keyHex, 'hex')) });
const engine = new Engine({
  vault,
  fetch: watchingFetch,
  clipboard: { writeText: () => undefined, readText: () => '' },
  notifier: { notify: () => undefined },
  sandboxIssuer: async () => issuer,
});
engine.start();

let account = engine.listAccounts()[0];
if (!account) {
  account = await engine.addAccount({
    name: 'Crash test',
    authority: { kind: 'sandbox' },
    flow: 'password',
    clientId: process.env.TOKENDOCK_CLIENT_ID ?? '',
    clientAuth: { kind: 'none' },
    username,
    targets: [
      {
        label: 'API',
        target: { kind: 'resource', resource: process.env.TOKENDOCK_RESOURCE ?? '' },
      },
    ],
  });
  await engine.signIn(account.id, { password });
}
const targetId = account.targets[0]!.id;
let signIns = 0;
process.stdout.write('ready\n');
for (;;) {
  try {
    await engine.refreshNow(account.id, targetId);
  } catch (error) {
    if ((error as { code?: string }).code !== 'invalid_grant') throw error;
    signIns += 1;
    process.stdout.write(`signed-in-again ${signIns}\n`);
    await engine.signIn(account.id, { password });
  }
  process.stdout.write(`returned ${fingerprint(latest)}\n`);
}
