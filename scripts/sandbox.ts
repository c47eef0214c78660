/**
 * `npm run sandbox`: starts the sandbox OpenID provider alone, prints how to use it, and stays up
 * until Ctrl+C. Options: `--port N` (default: a random free port), `--access-token-ttl S`,
 * `--https` (TLS with a CA made at start; its certificate is written next to the PEM files).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { formatSandboxSummary, startSandbox } from '../app/sandbox';

const USAGE = 'usage: npm run sandbox -- [--port N] [--access-token-ttl SECONDS] [--https]';

function integerOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new Error(`--${name} must be an integer >= ${min}, got "${value}"\n${USAGE}`);
  }
  return parsed;
}

async function writePrivateFile(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** How to trust the https sandbox's CA, for clients that accept only https authorities. */
function httpsHelp(issuer: string, caFile: string): string {
  const host = new URL(issuer).host;
  return [
    'HTTPS: the server certificate (127.0.0.1, ::1, localhost) comes from a CA made at this start.',
    `  CA certificate   ${caFile}`,
    `  Node clients     NODE_EXTRA_CA_CERTS=${caFile} node your-app.js`,
    `  curl             curl --cacert ${caFile} ${issuer}/.well-known/openid-configuration`,
    `  MSAL Node        authority: '${issuer}', knownAuthorities: ['${host}'],`,
    "                   system: { protocolMode: 'OIDC' }  (with NODE_EXTRA_CA_CERTS set)",
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'access-token-ttl': { type: 'string' },
      https: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integerOption('port', values.port, 0);
  const accessTokenTtlSeconds = integerOption('access-token-ttl', values['access-token-ttl'], 1);

  const directory = await mkdtemp(join(tmpdir(), 'tokendock-sandbox-'));
  const caFile = join(directory, 'sandbox-ca.pem');
  const sandbox = await startSandbox({
    port,
    accessTokenTtlSeconds,
    ...(values.https ? { https: true, caFile } : {}),
  }).catch(async (error: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  const files = {
    privateKeyPath: join(directory, 'cert-daemon.key.pem'),
    certificatePath: join(directory, 'cert-daemon.cert.pem'),
  };
  await writePrivateFile(files.privateKeyPath, sandbox.clients.certDaemon.privateKeyPem);
  await writePrivateFile(files.certificatePath, sandbox.clients.certDaemon.certificatePem);

  console.log(formatSandboxSummary(sandbox, files));
  if (sandbox.caFile !== undefined) console.log(`\n${httpsHelp(sandbox.issuer, sandbox.caFile)}`);
  console.log('\nRunning. Press Ctrl+C to stop (the PEM files are deleted then).');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox.`);
    Promise.all([sandbox.close(), rm(directory, { recursive: true, force: true })])
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
