import { describe, expect, it } from 'vitest';
import type { AccountView, TargetView } from '../../app/contract/accounts';
import type { ActivityEntry } from '../../app/contract/events';
import { buildTrayMenu } from '../../app/tray/menu';
import { mostCopied } from '../../app/tray/usage';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MIN = 60_000;

function target(id: string, label: string, overrides: Partial<TargetView> = {}): TargetView {
  return {
    id,
    label,
    target: { kind: 'scopes', scopes: ['x'] },
    state: 'valid',
    expiresOn: NOW + 30 * MIN,
    ...overrides,
  };
}

function account(id: string, name: string, targets: TargetView[], state = 'valid'): AccountView {
  return {
    id,
    name,
    flow: 'authorization_code',
    authorityLabel: 'Sandbox',
    authority: { kind: 'sandbox' },
    clientId: 'c',
    clientAuth: { kind: 'none' },
    signInMode: 'embedded',
    state: state as AccountView['state'],
    hasRefreshToken: true,
    targets,
  };
}

const copied = (accountId: string, targetLabel: string, at: number): ActivityEntry => ({
  at,
  kind: 'copied',
  accountId,
  accountName: 'x',
  targetLabel,
  message: 'Copied.',
});

const ACCOUNTS = [
  account('a', 'Contoso', [target('g', 'Graph'), target('k', 'Key Vault')]),
  account('b', 'Fabrikam', [target('api', 'API')]),
  account('c', 'Revoked', [target('api', 'API', { state: 'needs-sign-in' })], 'needs-sign-in'),
];

describe('mostCopied', () => {
  it('counts copies per target from the activity log: most first, then the latest', () => {
    const activity = [
      copied('b', 'API', NOW - 5 * MIN),
      copied('a', 'Key Vault', NOW - 4 * MIN),
      copied('a', 'Graph', NOW - 3 * MIN),
      copied('b', 'API', NOW - 2 * MIN),
      copied('a', 'Key Vault', NOW - 1 * MIN),
      { ...copied('a', 'Graph', NOW), kind: 'refreshed' as const },
    ];
    expect(mostCopied(ACCOUNTS, activity)).toEqual([
      { accountId: 'a', targetId: 'k', copies: 2, lastCopiedOn: NOW - MIN },
      { accountId: 'b', targetId: 'api', copies: 2, lastCopiedOn: NOW - 2 * MIN },
      { accountId: 'a', targetId: 'g', copies: 1, lastCopiedOn: NOW - 3 * MIN },
    ]);
    expect(mostCopied(ACCOUNTS, activity, 1)).toHaveLength(1);
  });

  it('skips entries of removed accounts and targets no longer there', () => {
    expect(mostCopied(ACCOUNTS, [copied('gone', 'API', NOW), copied('a', 'Renamed', NOW)])).toEqual(
      [],
    );
  });
});

describe('buildTrayMenu with frequent targets', () => {
  it('lists "Copy … token" first, in order, then the accounts', () => {
    const frequent = mostCopied(ACCOUNTS, [
      copied('b', 'API', NOW - 2 * MIN),
      copied('b', 'API', NOW - MIN),
      copied('a', 'Graph', NOW),
    ]);
    const model = buildTrayMenu(ACCOUNTS, NOW, { frequent });
    expect(model.items.slice(0, 3)).toEqual([
      {
        kind: 'item',
        label: 'Copy Fabrikam token',
        enabled: true,
        action: { type: 'copy', accountId: 'b', targetId: 'api', format: 'raw' },
      },
      {
        kind: 'item',
        label: 'Copy Contoso · Graph token',
        enabled: true,
        action: { type: 'copy', accountId: 'a', targetId: 'g', format: 'raw' },
      },
      { kind: 'separator' },
    ]);
    expect(model.items[3]).toMatchObject({ kind: 'submenu', label: /^Contoso/ });
  });

  it('a refused token is never offered at the top, however often it was copied', () => {
    const frequent = mostCopied(ACCOUNTS, [copied('c', 'API', NOW), copied('c', 'API', NOW)]);
    expect(frequent).toHaveLength(1);
    const model = buildTrayMenu(ACCOUNTS, NOW, { frequent });
    expect(model.items[0]).toMatchObject({ kind: 'submenu', label: /^Contoso/ });
  });

  it('without copies the menu starts with the accounts, as before', () => {
    expect(buildTrayMenu(ACCOUNTS, NOW).items[0]).toMatchObject({ kind: 'submenu' });
  });
});
