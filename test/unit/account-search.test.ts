import { describe, expect, it } from 'vitest';
import {
  accountSearchText,
  findAccounts,
  matchesAccount,
  normaliseSearchText,
  parsePinned,
  soonestExpiry,
  sortAccounts,
} from '../../app/contract/account-search';
import type { AccountView, TargetView } from '../../app/contract/accounts';

function target(partial: Partial<TargetView> & Pick<TargetView, 'target'>): TargetView {
  return { id: 't', label: 'API', state: 'valid', ...partial };
}

function account(partial: Partial<AccountView> & Pick<AccountView, 'id' | 'name'>): AccountView {
  return {
    flow: 'authorization_code',
    authorityLabel: 'Sandbox',
    authority: { kind: 'sandbox' },
    clientId: 'client',
    clientAuth: { kind: 'none' },
    signInMode: 'embedded',
    state: 'signed-out',
    hasRefreshToken: false,
    targets: [],
    ...partial,
  };
}

const daemon = account({
  id: 'd',
  name: 'Sandbox · daemon (secret)',
  flow: 'client_credentials',
  clientId: 'tokendock-daemon',
  targets: [target({ target: { kind: 'resource', resource: 'api://tokendock-sandbox' } })],
});
const graph = account({
  id: 'g',
  name: 'Contoso Graph',
  authorityLabel: 'Entra ID · contoso.onmicrosoft.com',
  authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  identity: {
    userId: 'Ada.Lovelace@contoso.com',
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    identityProvider: 'https://login.microsoftonline.com/x/v2.0',
  },
  targets: [
    target({ target: { kind: 'scopes', scopes: ['https://graph.microsoft.com/User.Read'] } }),
  ],
});

describe('normaliseSearchText', () => {
  it('ignores case, punctuation and accents', () => {
    expect(normaliseSearchText('  Daemon (Secret)!  ')).toBe('daemon secret');
    expect(normaliseSearchText('api://tokendock-sandbox')).toBe('api tokendock sandbox');
    expect(normaliseSearchText('Zoë')).toBe('zoe');
  });
});

describe('matchesAccount', () => {
  it('needs every word to match somewhere, in any order', () => {
    expect(matchesAccount('daemon secret', daemon)).toBe(true);
    expect(matchesAccount('secret daemon', daemon)).toBe(true);
    expect(matchesAccount('DAEMON (secret)', daemon)).toBe(true);
    expect(matchesAccount('daemon certificate', daemon)).toBe(false);
    expect(matchesAccount('', daemon)).toBe(true);
    expect(matchesAccount('  ()  ', daemon)).toBe(true);
  });

  it('matches the start of words, not their middle', () => {
    expect(matchesAccount('sec', daemon)).toBe(true);
    expect(matchesAccount('load 12', account({ id: 'l', name: 'Load 1203' }))).toBe(true);
    expect(matchesAccount('load 12', account({ id: 'l', name: 'Load 0012' }))).toBe(false);
    expect(matchesAccount('emon', daemon)).toBe(false);
  });

  it('looks in user, tenant, scopes, resources and the client id', () => {
    expect(matchesAccount('ada.lovelace', graph)).toBe(true);
    expect(matchesAccount('72f988bf', graph)).toBe(true);
    expect(matchesAccount('contoso.onmicrosoft', graph)).toBe(true);
    expect(matchesAccount('user.read', graph)).toBe(true);
    expect(matchesAccount('graph.microsoft.com', graph)).toBe(true);
    expect(matchesAccount('04b07795', graph)).toBe(true);
    expect(matchesAccount('api://tokendock-sandbox', daemon)).toBe(true);
    expect(matchesAccount('tokendock-daemon', daemon)).toBe(true);
    expect(matchesAccount('user.read', daemon)).toBe(false);
  });

  it('includes the granted scope string', () => {
    const granted = account({
      id: 'x',
      name: 'X',
      targets: [
        target({ target: { kind: 'scopes', scopes: ['openid'] }, scope: 'openid Mail.Send' }),
      ],
    });
    expect(accountSearchText(granted)).toContain(' mail send ');
    expect(matchesAccount('mail.send', granted)).toBe(true);
  });
});

describe('sortAccounts', () => {
  const a = account({
    id: 'a',
    name: 'beta',
    targets: [target({ target: { kind: 'scopes', scopes: [] }, expiresOn: 3_000 })],
  });
  const b = account({ id: 'b', name: 'Alpha' });
  const c = account({
    id: 'c',
    name: 'alpha 10',
    targets: [
      target({ target: { kind: 'scopes', scopes: [] }, expiresOn: 5_000 }),
      target({ id: 'u', target: { kind: 'scopes', scopes: [] }, expiresOn: 1_000 }),
    ],
  });
  const d = account({ id: 'd', name: 'alpha 9' });
  const all = [a, b, c, d];
  const ids = (list: AccountView[]) => list.map((x) => x.id);

  it('keeps the given order for "added"', () => {
    expect(ids(sortAccounts(all, 'added'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts names alphabetically, ignoring case, with numbers in number order', () => {
    expect(ids(sortAccounts(all, 'name'))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('sorts by the soonest expiring token, accounts without tokens last in given order', () => {
    expect(soonestExpiry(c)).toBe(1_000);
    expect(soonestExpiry(b)).toBeUndefined();
    expect(ids(sortAccounts(all, 'expiry'))).toEqual(['c', 'a', 'b', 'd']);
  });

  it('puts pinned accounts first, sorted the same way among themselves', () => {
    const pinned = new Set(['d', 'a']);
    expect(ids(sortAccounts(all, 'name', pinned))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(sortAccounts(all, 'added', pinned))).toEqual(['a', 'd', 'b', 'c']);
    expect(ids(sortAccounts(all, 'expiry', new Set(['d'])))).toEqual(['d', 'c', 'a', 'b']);
  });

  it('does not change its input', () => {
    sortAccounts(all, 'name', new Set(['d']));
    expect(ids(all)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('findAccounts', () => {
  it('filters, then sorts with pins first', () => {
    const list = findAccounts([graph, daemon], 'sandbox', 'name');
    expect(list.map((x) => x.id)).toEqual(['d']);
    expect(findAccounts([daemon, graph], '', 'name', new Set(['d'])).map((x) => x.id)).toEqual([
      'd',
      'g',
    ]);
  });
});

describe('parsePinned', () => {
  it('reads a JSON list of ids and ignores anything else', () => {
    expect(parsePinned('["a","b"]')).toEqual(['a', 'b']);
    expect(parsePinned('["a",3]')).toEqual(['a']);
    expect(parsePinned('{"a":1}')).toEqual([]);
    expect(parsePinned('not json')).toEqual([]);
    expect(parsePinned(null)).toEqual([]);
  });
});
