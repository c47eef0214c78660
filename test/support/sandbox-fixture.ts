import type { Browser } from 'playwright-core';
import { startSandbox, type SandboxOptions, type SandboxProvider } from '../../app/sandbox';
import type { ClientRegistration } from '../../app/flows/client-auth';
import { connect, type Connection, type HttpSettings } from '../../app/flows/connect';
import { launchChromium } from './chromium';

/** One sandbox provider and one headless Chromium for a test file. */
export interface Fixture {
  sandbox: SandboxProvider;
  browser: Browser;
  /** Connects a client of the sandbox, with Node's fetch unless told otherwise. */
  connectClient(client: ClientRegistration, http?: Partial<HttpSettings>): Promise<Connection>;
  close(): Promise<void>;
}

export async function startFixture(
  options: SandboxOptions & { browser?: boolean } = {},
): Promise<Fixture> {
  const sandbox = await startSandbox(options);
  const browser =
    options.browser === false ? (undefined as unknown as Browser) : await launchChromium();
  return {
    sandbox,
    browser,
    connectClient: (client, http) =>
      connect({ kind: 'sandbox', issuer: sandbox.issuer }, client, {
        fetch: globalThis.fetch,
        ...http,
      }),
    close: async () => {
      await browser?.close();
      await sandbox.close();
    },
  };
}

/** The sandbox's public native client, as an account would register it. */
export const nativeClient = (sandbox: SandboxProvider): ClientRegistration => ({
  clientId: sandbox.clients.native.clientId,
  credential: { kind: 'none' },
});

/** The sandbox API with one scope: what most tests ask for. */
export const apiTarget = (sandbox: SandboxProvider, scopes = ['api.read']) =>
  ({ kind: 'resource', resource: sandbox.resources.api.identifier, scopes }) as const;
