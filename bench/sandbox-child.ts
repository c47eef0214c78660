import { startSandbox } from '../app/sandbox';

/**
 * The sandbox provider in a process of its own, for figures that must not count its CPU time
 * (the idle cost). Prints its issuer, clients and resources as one JSON line, then serves until
 * stdin closes.
 */
const ttl = Number(process.argv[2] ?? 3600);
const sandbox = await startSandbox({ accessTokenTtlSeconds: ttl });
process.stdout.write(
  `${JSON.stringify({ issuer: sandbox.issuer, clients: sandbox.clients, resources: sandbox.resources, users: sandbox.users })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void sandbox.close().then(() => process.exit(0));
});
