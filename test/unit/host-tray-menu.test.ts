import { describe, expect, it } from 'vitest';
import type { AccountState, AccountView, TargetView } from '../../app/contract/accounts';
import { escapeMnemonics, menuText, timeLeft } from '../../app/tray/menu-text';
import { runTrayAction } from '../../app/tray/actions';
import { buildTrayMenu, type TrayAction, type TrayMenuItem } from '../../app/tray/menu';
import { tokenDockError } from '../../app/errors/tokendock-error';
import { parseNameHasOwnerReply, trayStatus } from '../../app/tray/host';
import { trayIconCandidates } from '../../app/tray/icon';
import { menuTemplate } from '../../main/tray/template';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const MIN = 60_000;
/** A JWT-shaped value: it must never show up in a label or the tooltip. */
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXZhbHVl';

function target(overrides: Partial<TargetView> = {}): TargetView {
  return {
    id: 't1',
    label: 'Graph',
    target: { kind: 'scopes', scopes: ['User.Read'] },
    state: 'valid',
    expiresOn: NOW + 45 * MIN,
    expiresIn: 3600,
    acquiredOn: NOW - 15 * MIN,
    scope: `User.Read ${TOKEN}`,
    ...overrides,
  };
}

function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'a1',
    name: 'Contoso',
    flow: 'authorization_code',
    authorityLabel: 'Microsoft Entra ID · contoso',
    authority: { kind: 'entra', tenant: 'contoso', cloud: 'public', version: 'v2' },
    clientId: TOKEN,
    clientAuth: { kind: 'none' },
    signInMode: 'embedded',
    state: 'valid',
    hasRefreshToken: true,
    targets: [target()],
    ...overrides,
  };
}

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.flatMap((item) =>
    item.kind === 'separator'
      ? []
      : item.kind === 'submenu'
        ? [item.label, ...labels(item.items)]
        : [item.label],
  );
}

function find(items: readonly TrayMenuItem[], label: string): TrayMenuItem | undefined {
  for (const item of items) {
    if (item.kind !== 'separator' && item.label === label) return item;
    if (item.kind === 'submenu') {
      const inner = find(item.items, label);
      if (inner) return inner;
    }
  }
  return undefined;
}

function submenu(item: TrayMenuItem | undefined): TrayMenuItem[] {
  if (item?.kind !== 'submenu') throw new Error('not a submenu');
  return item.items;
}

describe('buildTrayMenu', () => {
  it('one signed-in account: label with state and expiry, copy, refresh; then the app items', () => {
    const model = buildTrayMenu([account()], NOW);
    const first = model.items[0];
    expect(first).toMatchObject({ kind: 'submenu', label: 'Contoso — valid · expires in 45 min' });
    expect(submenu(first)).toEqual([
      { kind: 'item', label: 'Graph: valid, expires in 45 min', enabled: false },
      {
        kind: 'item',
        label: 'Copy token',
        enabled: true,
        action: { type: 'copy', accountId: 'a1', targetId: 't1', format: 'raw' },
      },
      {
        kind: 'item',
        label: 'Refresh now',
        enabled: true,
        action: { type: 'refresh', accountId: 'a1', targetId: 't1' },
      },
    ]);
    expect(model.items.slice(1)).toEqual([
      { kind: 'separator' },
      { kind: 'item', label: 'Refresh all', enabled: true, action: { type: 'refresh-all' } },
      { kind: 'item', label: 'Open TokenDock', enabled: true, action: { type: 'open' } },
      { kind: 'separator' },
      { kind: 'item', label: 'Quit TokenDock', enabled: true, action: { type: 'quit' } },
    ]);
    expect(model.tooltip).toBe('TokenDock — Contoso expires in 45 min');
    expect(model.needsAttention).toBe(false);
  });

  it('no accounts: says so; refresh all is disabled; open and quit remain', () => {
    const model = buildTrayMenu([], NOW);
    expect(model.items[0]).toEqual({ kind: 'item', label: 'No accounts yet', enabled: false });
    expect(find(model.items, 'Refresh all')).toMatchObject({ enabled: false });
    expect(find(model.items, 'Open TokenDock')).toMatchObject({ enabled: true });
    expect(find(model.items, 'Quit TokenDock')).toMatchObject({ enabled: true });
    expect(model.tooltip).toBe('TokenDock — no accounts');
  });

  it.each<[AccountState, boolean, boolean, boolean, string | undefined]>([
    // state, copy enabled, refresh enabled, needs attention, the item that opens the window
    ['valid', true, true, false, undefined],
    ['expiring', true, true, false, undefined],
    ['refreshing', true, false, false, undefined],
    ['signing-in', false, false, false, undefined],
    ['needs-sign-in', false, false, true, 'Sign in… (open TokenDock)'],
    // A failure that needs a person: its token is not offered; the window says what to do.
    ['error', false, true, true, 'See what went wrong… (open TokenDock)'],
  ])('state %s: copy %s, refresh %s, attention %s', (state, copy, refresh, attention, open) => {
    const model = buildTrayMenu([account({ state, targets: [target({ state })] })], NOW);
    const items = submenu(model.items[0]);
    expect(find(items, 'Copy token')).toMatchObject({ enabled: copy });
    expect(find(items, 'Refresh now')).toMatchObject({ enabled: refresh });
    expect(model.needsAttention).toBe(attention);
    const opens = items.filter((item) => item.kind === 'item' && item.action?.type === 'open');
    if (open)
      expect(opens).toEqual([
        { kind: 'item', label: open, enabled: true, action: { type: 'open', accountId: 'a1' } },
      ]);
    else expect(opens).toEqual([]);
  });

  it('a refused or failed token shows no time left; offline keeps its usable token', () => {
    const model = buildTrayMenu(
      [
        account({
          id: 'a1',
          state: 'needs-sign-in',
          targets: [target({ state: 'needs-sign-in' })],
        }),
        account({
          id: 'a2',
          name: 'Fabrikam',
          state: 'offline',
          targets: [target({ state: 'offline', nextRefreshOn: NOW + 40_000 })],
        }),
      ],
      NOW,
    );
    expect(labels(submenu(model.items[0]))).toContain('Graph: sign in again');
    expect(labels(submenu(model.items[1]))).toContain(
      'Graph: offline, retrying, expires in 45 min',
    );
    expect(find(submenu(model.items[1]), 'Copy token')).toMatchObject({ enabled: true });
  });

  it('signed out: nothing to copy or refresh, a way to sign in', () => {
    const signedOut = target({ state: 'signed-out' });
    delete signedOut.expiresOn;
    const model = buildTrayMenu([account({ state: 'signed-out', targets: [signedOut] })], NOW);
    const items = submenu(model.items[0]);
    expect(model.items[0]).toMatchObject({ label: 'Contoso — signed out' });
    expect(find(items, 'Copy token')).toMatchObject({ enabled: false });
    expect(find(items, 'Refresh now')).toMatchObject({ enabled: false });
    expect(find(items, 'Sign in… (open TokenDock)')).toBeDefined();
    expect(find(model.items, 'Refresh all')).toMatchObject({ enabled: false });
    expect(model.tooltip).toBe('TokenDock');
  });

  it('client credentials accounts can be refreshed (re-acquired) before their first token', () => {
    const fresh = target({ state: 'error' });
    delete fresh.expiresOn;
    const model = buildTrayMenu(
      [account({ flow: 'client_credentials', state: 'error', targets: [fresh] })],
      NOW,
    );
    expect(find(submenu(model.items[0]), 'Refresh now')).toMatchObject({ enabled: true });
  });

  it('several targets: one block per target, named', () => {
    const model = buildTrayMenu(
      [
        account({
          targets: [
            target(),
            target({ id: 't2', label: 'Storage', expiresOn: NOW + 3 * MIN, state: 'expiring' }),
          ],
          state: 'expiring',
        }),
      ],
      NOW,
    );
    expect(model.items[0]).toMatchObject({ label: 'Contoso — expiring · expires in 3 min' });
    expect(labels(submenu(model.items[0]))).toEqual([
      'Graph: valid, expires in 45 min',
      'Copy token: Graph',
      'Refresh now: Graph',
      'Storage: expiring, expires in 3 min',
      'Copy token: Storage',
      'Refresh now: Storage',
    ]);
    expect(find(model.items, 'Copy token: Storage')).toMatchObject({
      action: { type: 'copy', accountId: 'a1', targetId: 't2', format: 'raw' },
    });
    expect(model.tooltip).toBe('TokenDock — Contoso · Storage expires in 3 min');
  });

  it('the tooltip names the soonest expiry across accounts, and counts who needs attention', () => {
    const model = buildTrayMenu(
      [
        account({ id: 'a1', name: 'Contoso', targets: [target({ expiresOn: NOW + 50 * MIN })] }),
        account({ id: 'a2', name: 'Graph', targets: [target({ expiresOn: NOW + 4 * MIN })] }),
        account({ id: 'a3', name: 'Broken', state: 'needs-sign-in', targets: [target()] }),
      ],
      NOW,
    );
    expect(model.tooltip).toBe('TokenDock — Graph expires in 4 min (1 needs attention)');
    expect(model.needsAttention).toBe(true);
  });

  it('an expired token says expired', () => {
    const model = buildTrayMenu(
      [
        account({
          state: 'expiring',
          targets: [target({ expiresOn: NOW - MIN, state: 'expiring' })],
        }),
      ],
      NOW,
    );
    expect(model.items[0]).toMatchObject({ label: 'Contoso — expiring · expired' });
    expect(model.tooltip).toBe('TokenDock — Contoso expired');
  });

  it('long names are cut with an ellipsis; control characters never reach a label', () => {
    const long = `A very long account name that goes on and on\nand on ${'x'.repeat(200)}`;
    const model = buildTrayMenu(
      [account({ name: long, targets: [target({ label: `Target ${'y'.repeat(300)}` })] })],
      NOW,
    );
    const top = model.items[0];
    if (top?.kind !== 'submenu') throw new Error('expected a submenu');
    const name = top.label.split(' — ')[0]!;
    expect(Array.from(name)).toHaveLength(40);
    expect(name.endsWith('…')).toBe(true);
    expect(top.label).not.toMatch(/[\n\r\t]/);
    for (const label of labels(model.items)) expect(label.length).toBeLessThan(120);
    expect(model.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('many accounts: the first 20, then "and N more…" which opens the window', () => {
    const many = Array.from({ length: 57 }, (_, i) =>
      account({ id: `a${i}`, name: `Account ${i}`, targets: [target({ id: `t${i}` })] }),
    );
    const model = buildTrayMenu(many, NOW);
    const accounts = model.items.filter((i) => i.kind === 'submenu');
    expect(accounts).toHaveLength(20);
    expect(accounts[19]).toMatchObject({ label: expect.stringContaining('Account 19') });
    expect(find(model.items, 'and 37 more… (open TokenDock)')).toMatchObject({
      enabled: true,
      action: { type: 'open' },
    });
    expect(
      buildTrayMenu(many, NOW, { maxAccounts: 5 }).items.filter((i) => i.kind === 'submenu'),
    ).toHaveLength(5);
  });

  it('no token value appears anywhere in the menu or the tooltip, over every state', () => {
    const states: AccountState[] = [
      'signed-out',
      'signing-in',
      'valid',
      'expiring',
      'refreshing',
      'needs-sign-in',
      'error',
    ];
    const accounts = states.map((state, i) =>
      account({
        id: `a${i}`,
        state,
        targets: [
          target({ id: `t${i}`, state, lastError: { code: 'invalid_grant', message: TOKEN } }),
        ],
      }),
    );
    const model = buildTrayMenu(accounts, NOW);
    const text = [...labels(model.items), model.tooltip].join('\n');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
    expect(JSON.stringify(model)).not.toContain(TOKEN);
  });
});

describe('menu text', () => {
  it('menuText: one line, at most n code points, emoji kept whole', () => {
    expect(menuText('  a\tb\n c  ', 10)).toBe('a b c');
    expect(menuText('abcdef', 4)).toBe('abc…');
    expect(menuText('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(menuText('abc', 3)).toBe('abc');
  });

  it('escapeMnemonics doubles ampersands (Windows and Linux menus)', () => {
    expect(escapeMnemonics('R&D & Ops')).toBe('R&&D && Ops');
  });

  it('timeLeft in words', () => {
    expect(timeLeft(NOW + 30_000, NOW)).toBe('< 1 min');
    expect(timeLeft(NOW + 4 * MIN, NOW)).toBe('4 min');
    expect(timeLeft(NOW + 60 * MIN, NOW)).toBe('1 h');
    expect(timeLeft(NOW + 65 * MIN, NOW)).toBe('1 h 5 min');
    expect(timeLeft(NOW + 72 * 60 * MIN, NOW)).toBe('3 d');
  });
});

describe('menuTemplate (model → Electron template)', () => {
  it('keeps structure, escapes labels, wires actions', () => {
    const model = buildTrayMenu([account({ name: 'R&D' })], NOW);
    const run: TrayAction[] = [];
    const template = menuTemplate(model.items, (action) => run.push(action));
    expect(template[0]?.label).toBe('R&&D — valid · expires in 45 min');
    const inner = template[0]?.submenu as Array<{ label?: string; click?: () => void }>;
    inner.find((i) => i.label === 'Copy token')?.click?.();
    expect(run).toEqual([{ type: 'copy', accountId: 'a1', targetId: 't1', format: 'raw' }]);
    expect(template.filter((i) => i.type === 'separator')).toHaveLength(2);
    expect(template.at(-1)?.label).toBe('Quit TokenDock');
  });
});

describe('runTrayAction', () => {
  function host() {
    const calls: unknown[] = [];
    const failures: string[] = [];
    return {
      calls,
      failures,
      host: {
        engine: {
          copyToken: async (...args: unknown[]) => {
            calls.push(['copy', ...args]);
            throw tokenDockError('interaction_required', 'Sign in again.');
          },
          refreshNow: async (...args: unknown[]) => {
            calls.push(['refresh', ...args]);
          },
          refreshAll: () => calls.push(['refresh-all']),
        },
        showWindow: (accountId?: string) => calls.push(['show', accountId]),
        quit: () => calls.push(['quit']),
        reportFailure: (title: string, message: string) => failures.push(`${title}: ${message}`),
      },
    };
  }

  it('runs each action; a failure is reported, not thrown', async () => {
    const h = host();
    await runTrayAction({ type: 'refresh', accountId: 'a1', targetId: 't1' }, h.host);
    await runTrayAction({ type: 'refresh-all' }, h.host);
    await runTrayAction({ type: 'open', accountId: 'a2' }, h.host);
    await runTrayAction({ type: 'quit' }, h.host);
    await runTrayAction({ type: 'copy', accountId: 'a1', targetId: 't1', format: 'raw' }, h.host);
    expect(h.calls).toEqual([
      ['refresh', 'a1', 't1'],
      ['refresh-all'],
      ['show', 'a2'],
      ['quit'],
      ['copy', 'a1', 't1', 'raw'],
    ]);
    expect(h.failures).toEqual(['Could not copy the token: Sign in again.']);
  });
});

describe('trayStatus (is there a tray the person can see?)', () => {
  it('macOS and Windows always; Linux when a StatusNotifierItem host owns the watcher name', () => {
    expect(trayStatus('darwin')).toEqual({ available: true });
    expect(trayStatus('win32')).toEqual({ available: true });
    expect(trayStatus('linux', { kind: 'answer', hasOwner: true })).toEqual({ available: true });
  });

  it('Linux without a host, or without an answer, has none, and says why and what closing does', () => {
    const none = trayStatus('linux', { kind: 'answer', hasOwner: false });
    expect(none.available).toBe(false);
    expect(none.reason).toMatch(/StatusNotifierItem.*GNOME.*AppIndicator.*minimises/s);
    const unknown = trayStatus('linux', { kind: 'error', message: 'dbus-send is not installed' });
    expect(unknown.available).toBe(false);
    expect(unknown.reason).toContain('dbus-send is not installed');
    expect(trayStatus('linux').available).toBe(false);
  });

  it("reads dbus-send's reply", () => {
    const reply = (value: string) =>
      `method return time=1.2 sender=org.freedesktop.DBus -> destination=:1.9 serial=3 reply_serial=2\n   boolean ${value}\n`;
    expect(parseNameHasOwnerReply(reply('true'))).toBe(true);
    expect(parseNameHasOwnerReply(reply('false'))).toBe(false);
    expect(parseNameHasOwnerReply('')).toBeUndefined();
    expect(
      parseNameHasOwnerReply('Error org.freedesktop.DBus.Error.ServiceUnknown'),
    ).toBeUndefined();
  });
});

describe('trayIconCandidates', () => {
  it('macOS tries the Template sibling first (its @2x beside it), then the colour icon', () => {
    expect(trayIconCandidates('/app/out/icons/tray.png', 'darwin')).toEqual([
      { file: '/app/out/icons/trayTemplate.png', template: true },
      { file: '/app/out/icons/tray.png', template: false },
    ]);
    expect(trayIconCandidates('/i/tray-attention@2x.png', 'darwin')[0]).toEqual({
      file: '/i/tray-attentionTemplate@2x.png',
      template: true,
    });
  });

  it('elsewhere the colour icon only', () => {
    expect(trayIconCandidates('/i/tray.png', 'linux')).toEqual([
      { file: '/i/tray.png', template: false },
    ]);
    expect(trayIconCandidates('/i/tray.ico', 'darwin')).toEqual([
      { file: '/i/tray.ico', template: false },
    ]);
  });
});
