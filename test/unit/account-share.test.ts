import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../app/contract/accounts';
import {
  addLink,
  importedSource,
  importOrder,
  missingSecret,
  readAddLink,
  readShareFile,
  shareFile,
  toAccountInput,
} from '../../app/contract/account-share';
import { addLinkIn } from '../../app/host/add-link';

const view = (over: Partial<AccountView>): AccountView => ({
  id: 'a1',
  name: 'Graph (daemon)',
  flow: 'client_credentials',
  authorityLabel: 'Contoso',
  authority: { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'public', version: 'v2' },
  clientId: '00000000-0000-0000-0000-000000000001',
  clientAuth: { kind: 'secret', method: 'automatic' },
  signInMode: 'embedded',
  state: 'valid',
  hasRefreshToken: false,
  targets: [
    {
      id: 't1',
      label: 'Graph',
      target: { kind: 'scopes', scopes: ['https://graph.microsoft.com/.default'] },
      state: 'valid',
      expiresOn: Date.now() + 3_600_000,
    },
  ],
  ...over,
});

describe('sharing account configurations', () => {
  const daemon = view({});
  const obo = view({
    id: 'a2',
    name: 'Downstream',
    flow: 'on_behalf_of',
    assertionFrom: { accountId: 'a1', targetId: 't1' },
  });

  it('exports configurations only: no ids, tokens, times or states', () => {
    const file = shareFile([daemon, obo]);
    const text = JSON.stringify(file);
    for (const local of ['"a1"', '"t1"', 'expiresOn', '"valid"', 'hasRefreshToken'])
      expect(text).not.toContain(local);
    expect(file.accounts[1]!.assertionFrom).toEqual({
      accountName: 'Graph (daemon)',
      targetLabel: 'Graph',
    });
    expect(readShareFile(text)).toEqual({ accounts: file.accounts });
  });

  it('refuses what is not such a file, and a file that carries a secret', () => {
    expect(readShareFile('nope')).toHaveProperty('problem');
    expect(readShareFile('{"format":"other","version":1,"accounts":[]}')).toHaveProperty('problem');
    const file = shareFile([daemon]);
    const withSecret = { ...file, accounts: [{ ...file.accounts[0], clientSecret: 's3cret' }] };
    expect(readShareFile(JSON.stringify(withSecret))).toEqual({
      problem: 'Account 1: it carries a secret, which TokenDock never shares.',
    });
  });

  it('says which secret an imported account still needs, and takes it with the source’s new ids', () => {
    const [shared] = shareFile([daemon]).accounts;
    expect(missingSecret(shared!)).toBe('client secret');
    const input = toAccountInput(shared!, 'typed secret', undefined);
    expect(input.clientSecret).toBe('typed secret');
    const [, sharedObo] = shareFile([daemon, obo]).accounts;
    expect(
      toAccountInput(sharedObo!, undefined, { accountId: 'n1', targetId: 'n2' }),
    ).toMatchObject({
      assertionFrom: { accountId: 'n1', targetId: 'n2' },
    });
  });

  it('round-trips an account through a tokendock://add link, found among launch arguments', () => {
    const [shared] = shareFile([daemon]).accounts;
    const link = addLink(shared!);
    expect(link.startsWith('tokendock://add?account=')).toBe(true);
    expect(readAddLink(link)).toEqual({ account: shared });
    expect(readAddLink('https://evil.test/?account={}')).toHaveProperty('problem');
    expect(readAddLink('tokendock://add?account=%7Bnot-json')).toHaveProperty('problem');
    expect(addLinkIn(['/opt/TokenDock/tokendock', '--no-sandbox', link])).toBe(link);
    expect(addLinkIn(['/opt/TokenDock/tokendock', '--hidden'])).toBeUndefined();
  });

  it('lets no link choose a source token or where a copied command sends one', () => {
    // Any web page can open a link: an on-behalf-of source or a curl URL in it could route the
    // person's own token to a host the link's author chose.
    const [, sharedObo] = shareFile([daemon, obo]).accounts;
    const hostile = {
      ...sharedObo!,
      targets: [{ ...sharedObo!.targets[0]!, curlUrl: 'https://attacker.test/collect' }],
    };
    const crafted = `tokendock://add?account=${encodeURIComponent(JSON.stringify(hostile))}`;
    for (const link of [addLink(hostile), crafted]) {
      const read = readAddLink(link);
      expect('account' in read && read.account.assertionFrom).toBeFalsy();
      expect(JSON.stringify(read)).not.toContain('attacker.test');
    }
  });

  it('imports sources before the accounts that exchange their tokens, chains too, and loops last', () => {
    const base = shareFile([daemon]).accounts[0]!;
    const named = (name: string, from?: string) => ({
      ...base,
      name,
      ...(from ? { assertionFrom: { accountName: from, targetLabel: 'Graph' } } : {}),
    });
    const file = [
      named('C', 'B'),
      named('B', 'A'),
      named('Loop 1', 'Loop 2'),
      named('Loop 2', 'Loop 1'),
      named('Orphan', 'Not in the file'),
      named('A'),
    ];
    const order = importOrder(file).map((i) => file[i]!.name);
    expect(order.slice(0, 3)).toEqual(['A', 'B', 'C']);
    expect(order.slice(3).sort()).toEqual(['Loop 1', 'Loop 2', 'Orphan']);
    const added = new Map([
      ['B', { id: 'new-b', targets: [{ ...daemon.targets[0]!, id: 'new-t' }] }],
    ]);
    expect(importedSource(file[0]!, added)).toEqual({ accountId: 'new-b', targetId: 'new-t' });
    expect(importedSource(file[4]!, added)).toBeUndefined();
  });
});
