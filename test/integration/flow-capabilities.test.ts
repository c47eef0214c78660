import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/engine';
import type { SandboxProvider } from '../../app/sandbox';
import { passwordAccount, startHarness, type Harness } from '../support/engine-harness';
import { failure } from '../support/failure';
import { startFixture, type Fixture } from '../support/sandbox-fixture';

/** Capabilities are checked against the provider's metadata when an account is added or edited. */

let full: Fixture;
let noDevice: Fixture;
let h: Harness | undefined;
beforeAll(async () => {
  [full, noDevice] = await Promise.all([
    startFixture({ browser: false }),
    startFixture({ browser: false, deviceFlow: false }),
  ]);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await Promise.all([full?.close(), noDevice?.close()]);
});

const deviceAccount = (sandbox: SandboxProvider): AccountInput => ({
  name: 'Ada (device code)',
  authority: { kind: 'sandbox' },
  flow: 'device_code',
  clientId: sandbox.clients.native.clientId,
  clientAuth: { kind: 'none' },
  targets: [
    {
      label: 'API',
      target: {
        kind: 'resource',
        resource: sandbox.resources.api.identifier,
        scopes: ['api.read'],
      },
    },
  ],
});

const DEVICE_REFUSAL =
  'This provider does not offer the device code flow (no device_authorization_endpoint in its metadata).';

describe('capabilities checked when an account is added or edited', () => {
  it('the sandbox without the device flow says so in its metadata', async () => {
    const metadata = (await (
      await fetch(`${noDevice.sandbox.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(metadata.device_authorization_endpoint).toBeUndefined();
    expect(metadata.grant_types_supported).not.toContain(
      'urn:ietf:params:oauth:grant-type:device_code',
    );
  });

  it('refuses a device-code account at a provider without a device endpoint and saves nothing', async () => {
    h = await startHarness(noDevice);
    const error = await failure(h.engine.addAccount(deviceAccount(noDevice.sandbox)));
    expect(error?.code).toBe('invalid_configuration');
    expect(error?.fields).toEqual({ flow: DEVICE_REFUSAL });
    expect(error?.message).toContain(DEVICE_REFUSAL);
    expect(h.engine.listAccounts()).toEqual([]);
    expect(await h.fileContents()).not.toContain('Ada (device code)');
    h = await h.reopen();
    expect(h.engine.listAccounts()).toEqual([]);
  });

  it('accepts the flows that provider does offer, and refuses an edit to device code', async () => {
    h = await startHarness(noDevice);
    const added = await h.engine.addAccount(passwordAccount(noDevice.sandbox));
    const error = await failure(
      h.engine.updateAccount(added.id, {
        ...deviceAccount(noDevice.sandbox),
        name: added.name,
      }),
    );
    expect(error?.fields).toEqual({ flow: DEVICE_REFUSAL });
    expect(h.engine.getAccount(added.id).flow).toBe('password');
  });

  it('accepts a device-code account at the full sandbox', async () => {
    h = await startHarness(full);
    const added = await h.engine.addAccount(deviceAccount(full.sandbox));
    expect(added.flow).toBe('device_code');
    expect(h.engine.listAccounts().map((a) => a.id)).toEqual([added.id]);
  });

  it('saves an account whose provider cannot be reached now (sign-in will say why)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    h = await startHarness(full);
    const added = await h.engine.addAccount({
      ...deviceAccount(full.sandbox),
      authority: { kind: 'oidc', issuer: `http://127.0.0.1:${port}` },
    });
    expect(added.flow).toBe('device_code');
  });
});
