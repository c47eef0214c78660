import { describe, expect, it } from 'vitest';
import type { AccountInput } from '../../app/contract/accounts';
import { CHANNELS, type Channel, type RequestOf } from '../../app/contract/schemas';
import type { Engine } from '../../app/engine';
import { APP_ORIGIN } from '../../app/host/app-origin';
import { Dispatcher, type HostServices } from '../../app/host/dispatcher';
import { createIpcHandler, FOREIGN_SENDER } from '../../app/host/ipc-handler';
import { isTrustedSender, type IpcSender } from '../../app/host/ipc-sender';

/** A host whose engine and services record every call (and fail, so nothing goes further). */
function recordingHost(): { host: HostServices; calls: string[] } {
  const calls: string[] = [];
  const engine = new Proxy(
    {},
    {
      get: (_target, property) => {
        if (property === 'then') return undefined;
        return (..._args: unknown[]) => {
          calls.push(`engine.${String(property)}`);
          throw new Error('the engine must not be called');
        };
      },
    },
  ) as unknown as Engine;
  const record =
    (name: string) =>
    (..._args: unknown[]): never => {
      calls.push(name);
      throw new Error(`${name} must not be called`);
    };
  const host: HostServices = {
    engine,
    appInfo: { name: 'TokenDock', version: '0.0.0', platform: 'test' },
    sandbox: record('sandbox'),
    push: record('push'),
    openVerificationPage: record('openVerificationPage'),
  };
  return { host, calls };
}

const minimalInput: AccountInput = {
  name: 'A',
  authority: { kind: 'sandbox' },
  flow: 'authorization_code',
  clientId: 'c',
  clientAuth: { kind: 'none' },
  targets: [],
};
const fullInput: AccountInput = {
  name: 'Graph',
  authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
  flow: 'client_credentials',
  clientId: '00000000-0000-0000-0000-000000000001',
  clientAuth: {
    kind: 'certificate',
    certificatePem: '-----BEGIN CERTIFICATE-----',
    thumbprintSha1Hex: 'AB',
    algorithm: 'RS256',
  },
  clientSecret: 's3cret-s3cret',
  certificateKeyPem: '-----BEGIN PRIVATE KEY-----',
  signInMode: 'embedded',
  redirectUri: 'https://login.microsoftonline.com/common/oauth2/nativeclient',
  username: 'ada@example.com',
  assertionFrom: { accountId: 'a1', targetId: 't1' },
  targets: [
    {
      id: 't1',
      label: 'Graph',
      target: { kind: 'resource', resource: 'https://graph.microsoft.com', scopes: ['User.Read'] },
      curlUrl: 'https://graph.microsoft.com/v1.0/me',
    },
    { label: 'API', target: { kind: 'scopes', scopes: ['api://x/.default'] } },
  ],
};

/**
 * Valid requests per channel. The first of each is minimal (required fields only), so removing
 * any field of it must be refused; all are used for wrong types, extra fields and huge strings.
 * The mapped type makes the table list every channel of the contract.
 */
const VALID: { [C in Channel]: [RequestOf<C>, ...RequestOf<C>[]] } = {
  'app:info': [{}],
  'proxy-login:pending': [{}],
  'proxy-login:answer': [
    { id: 'q1', answer: 'cancel' },
    { id: 'q1', answer: 'credentials', username: 'ada', password: 'pw' },
  ],
  'accounts:list': [{}],
  'accounts:add': [{ input: minimalInput }, { input: fullInput }],
  'accounts:update': [
    { accountId: 'a1', input: minimalInput },
    { accountId: 'a1', input: fullInput },
  ],
  'accounts:rename': [{ accountId: 'a1', name: 'New name' }],
  'accounts:duplicate': [{ accountId: 'a1' }],
  'accounts:remove': [{ accountId: 'a1' }],
  'accounts:sign-in': [{ accountId: 'a1' }, { accountId: 'a1', password: 'hunter2hunter2' }],
  'accounts:cancel-sign-in': [{ accountId: 'a1' }],
  'tokens:copy': [{ accountId: 'a1', targetId: 't1', format: 'raw' }],
  'tokens:refresh': [{ accountId: 'a1', targetId: 't1' }],
  'tokens:refresh-all': [{}],
  'tokens:reveal': [{ accountId: 'a1', targetId: 't1' }],
  'tokens:decode': [{ accountId: 'a1', targetId: 't1', which: 'access' }],
  'settings:get': [{}],
  'settings:update': [
    { patch: {} },
    {
      patch: {
        leadTimeMinutes: 5,
        leadTimeFraction: 0.2,
        clipboardClearSeconds: 30,
        refreshConcurrency: 4,
        persistUnprotectedSecrets: false,
        closeToTray: true,
        startAtLogin: false,
        theme: 'dark',
      },
    },
  ],
  'storage:protection': [{}],
  'activity:list': [{}],
  'authority:check': [
    { authority: { kind: 'sandbox' } },
    { authority: { kind: 'oidc', issuer: 'https://idp.example.com' } },
    { authority: { kind: 'entra', tenant: 'common', cloud: 'public', version: 'v1' } },
  ],
  'sandbox:try': [{}, { reset: true }],
  'sandbox:details': [{}],
  'targets:set-curl-url': [
    { accountId: 'a1', targetId: 't1', url: 'https://graph.microsoft.com/v1.0/me' },
  ],
  'targets:curl-url-guess': [{ accountId: 'a1', targetId: 't1' }],
  'device-code:open': [{ accountId: 'a1', browser: 'embedded' }],
};

type Key = string | number;
const HUGE = 'x'.repeat(1_000_001);

function setAt(root: unknown, path: readonly Key[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<Key, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [42, null, true, {}, ['x']];
  if (typeof value === 'number') return ['5', null, true, Number.NaN, {}];
  if (typeof value === 'boolean') return ['true', 1, null];
  if (Array.isArray(value)) return ['x', {}, null, 7];
  return ['x', 7, null, [], true];
}

/** Every malformed variant of a valid request: wrong types, missing and extra fields, huge strings. */
function malformed(sample: unknown, minimal: boolean): Array<{ what: string; payload: unknown }> {
  const out: Array<{ what: string; payload: unknown }> = [];
  const walk = (value: unknown, path: Key[]) => {
    const where = path.length ? path.join('.') : 'request';
    for (const wrong of wrongTypes(value))
      out.push({
        what: `${where} = ${JSON.stringify(wrong)}`,
        payload: setAt(sample, path, wrong),
      });
    if (typeof value === 'string')
      out.push({ what: `${where} = huge string`, payload: setAt(sample, path, HUGE) });
    if (Array.isArray(value)) {
      if (value.length)
        out.push({
          what: `${where} with 1000 items`,
          payload: setAt(
            sample,
            path,
            Array.from({ length: 1000 }, () => value[0]),
          ),
        });
      value.forEach((item, index) => walk(item, [...path, index]));
    } else if (value && typeof value === 'object') {
      out.push({
        what: `${where} + extra field`,
        payload: setAt(sample, path, { ...value, injected: 'x' }),
      });
      for (const [key, child] of Object.entries(value)) {
        if (minimal)
          out.push({
            what: `${where} without ${key}`,
            payload: setAt(sample, [...path, key], 0, true),
          });
        walk(child, [...path, key]);
      }
    }
  };
  walk(sample, []);
  out.push(
    { what: 'no payload', payload: undefined },
    { what: 'a string payload', payload: HUGE },
    { what: 'an own __proto__ field', payload: JSON.parse('{"__proto__": {"polluted": true}}') },
  );
  return out;
}

/** Values that have the right type but break the contract's rules. */
const BAD_VALUES: Array<[Channel, unknown]> = [
  ['accounts:remove', { accountId: '' }],
  ['accounts:remove', { accountId: '../../etc/passwd' }],
  ['accounts:remove', { accountId: 'a'.repeat(101) }],
  ['accounts:rename', { accountId: 'a1', name: '   ' }],
  ['tokens:copy', { accountId: 'a1', targetId: 't1', format: 'RAW' }],
  ['tokens:decode', { accountId: 'a1', targetId: 't1', which: 'refresh' }],
  ['device-code:open', { accountId: 'a1', browser: 'chrome' }],
  ['settings:update', { patch: { refreshConcurrency: 0 } }],
  ['settings:update', { patch: { clipboardClearSeconds: 1.5 } }],
  ['settings:update', { patch: { leadTimeFraction: 2 } }],
  ['accounts:add', { input: { ...minimalInput, flow: 'implicit' } }],
  ['accounts:add', { input: { ...minimalInput, authority: { kind: 'adfs' } } }],
];

describe('IPC: the dispatcher refuses malformed payloads before the engine sees them', () => {
  it('the table of valid requests passes and covers every channel', async () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel}: every generated malformed payload is refused, the engine is not called`, async () => {
      const { host, calls } = recordingHost();
      const dispatcher = new Dispatcher(host);
      const cases = VALID[channel].flatMap((sample, index) => malformed(sample, index === 0));
      expect(cases.length).toBeGreaterThanOrEqual(3);
      for (const { what, payload } of cases) {
        const answer = await dispatcher.dispatch(channel, payload);
        expect(answer, `${channel}: ${what}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_request' },
        });
      }
      expect(calls).toEqual([]);
    });
  }

  it.each(BAD_VALUES)('%s refuses %j', async (channel, payload) => {
    const { host, calls } = recordingHost();
    const answer = await new Dispatcher(host).dispatch(channel, payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(calls).toEqual([]);
  });

  it('unknown channels are refused', async () => {
    const { host, calls } = recordingHost();
    const dispatcher = new Dispatcher(host);
    for (const channel of ['tokens:steal', '', 'constructor', '__proto__', 42, null]) {
      expect(await dispatcher.dispatch(channel, {})).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('a valid request does reach the engine (the recording works)', async () => {
    const { host, calls } = recordingHost();
    const answer = await new Dispatcher(host).dispatch('tokens:refresh', {
      accountId: 'a1',
      targetId: 't1',
    });
    expect(answer.ok).toBe(false);
    expect(calls).toEqual(['engine.refreshNow']);
  });
});

describe('IPC: the sender check', () => {
  const trusted = { webContentsId: 7, origin: APP_ORIGIN };
  const ours: IpcSender = {
    webContentsId: 7,
    frameUrl: 'app://tokendock/index.html',
    isMainFrame: true,
  };
  const foreign: Array<[string, IpcSender]> = [
    ['another webContents', { ...ours, webContentsId: 8 }],
    ['an iframe of our window', { ...ours, isMainFrame: false }],
    ['a frame that is gone', { ...ours, frameUrl: undefined }],
    ['an https page', { ...ours, frameUrl: 'https://evil.test/index.html' }],
    ['a lookalike host', { ...ours, frameUrl: 'app://tokendock.evil.test/index.html' }],
    ['another app host', { ...ours, frameUrl: 'app://evil/index.html' }],
    ['a file: page', { ...ours, frameUrl: 'file:///app/out/renderer/index.html' }],
    ['credentials in the URL', { ...ours, frameUrl: 'app://x@tokendock/index.html' }],
    ['a data: page', { ...ours, frameUrl: 'data:text/html,hi' }],
    ['about:blank', { ...ours, frameUrl: 'about:blank' }],
    ['garbage', { ...ours, frameUrl: 'not a url' }],
  ];

  it('accepts our window’s top frame on our origin', () => {
    expect(isTrustedSender(ours, trusted)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://tokendock/?x=1#y' }, trusted)).toBe(true);
  });

  it.each(foreign)('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false);
  });

  it('refuses everything while there is no window', () => {
    expect(isTrustedSender(ours, undefined)).toBe(false);
  });

  it('a call from a foreign sender is answered invalid_request; the engine is not called', async () => {
    const { host, calls } = recordingHost();
    const rejected: string[] = [];
    const handle = createIpcHandler(
      new Dispatcher(host),
      () => trusted,
      (channel) => rejected.push(channel),
    );
    for (const [, sender] of foreign) {
      const answer = await handle('tokens:reveal', sender, { accountId: 'a1', targetId: 't1' });
      expect(answer).toEqual(FOREIGN_SENDER);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(calls).toEqual([]);
    expect(rejected).toHaveLength(foreign.length);
    await handle('tokens:reveal', ours, { accountId: 'a1', targetId: 't1' });
    expect(calls).toEqual(['engine.revealToken']);
  });
});
