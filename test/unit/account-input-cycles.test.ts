import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../app/accounts/types';
import {
  assertionChainProblem,
  MAX_ASSERTION_HOPS,
  validateAccountInput,
  type AccountInput,
} from '../../app/engine/account-input';
import { TokenDockError } from '../../app/errors/tokendock-error';

/** A stored account; on-behalf-of when it takes its token from `from`. */
function account(id: string, from?: string): AccountRecord {
  return {
    id,
    name: id,
    authority: { kind: 'sandbox' },
    flow: from ? 'on_behalf_of' : 'authorization_code',
    clientId: `client-${id}`,
    clientAuth: from ? { kind: 'secret', method: 'client_secret_basic' } : { kind: 'none' },
    signInMode: 'embedded',
    redirectUri: 'http://localhost/callback',
    ...(from ? { assertionFrom: { accountId: from, targetId: `${from}-api` } } : {}),
    targets: [
      {
        id: `${id}-api`,
        label: 'API',
        target: { kind: 'scopes', scopes: [`api://${id}/.default`] },
      },
    ],
    createdOn: 0,
    updatedOn: 0,
  };
}

/** The form for an on-behalf-of account named `name` taking its token from `from`. */
function oboInput(name: string, from: string): AccountInput {
  return {
    name,
    authority: { kind: 'sandbox' },
    flow: 'on_behalf_of',
    clientId: `client-${name}`,
    clientAuth: { kind: 'secret', method: 'client_secret_basic' },
    clientSecret: 'a-client-secret',
    assertionFrom: { accountId: from, targetId: `${from}-api` },
    targets: [{ label: 'API', target: { kind: 'scopes', scopes: [`api://${name}/.default`] } }],
  };
}

/** The `fields` of the error validation throws, or `undefined` when it accepts the input. */
async function fieldErrors(
  input: AccountInput,
  accounts: AccountRecord[],
  editingId?: string,
): Promise<Record<string, string> | undefined> {
  try {
    await validateAccountInput(input, { clientSecret: 'stored-secret' }, accounts, editingId);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDockError);
    expect((error as TokenDockError).code).toBe('invalid_configuration');
    return (error as TokenDockError).fields;
  }
}

const LOOP_ADVICE =
  'An on-behalf-of account cannot take its token from itself, directly or through others.';

describe('on-behalf-of chains: validation refuses cycles', () => {
  it('refuses an account taking its token from itself', async () => {
    const accounts = [account('A', 'B'), account('B')];
    const fields = await fieldErrors(oboInput('A', 'A'), accounts, 'A');
    expect(fields).toEqual({ assertionFrom: `This would make a loop: A → A. ${LOOP_ADVICE}` });
  });

  it('refuses an edit that closes a loop of two accounts', async () => {
    // B already takes its token from A; A (signing in on its own) is edited to take B's.
    const accounts = [account('A'), account('B', 'A')];
    const fields = await fieldErrors(oboInput('A', 'B'), accounts, 'A');
    expect(fields?.assertionFrom).toBe(`This would make a loop: A → B → A. ${LOOP_ADVICE}`);
  });

  it('refuses a loop of three accounts and names them in order from the edited one', async () => {
    const accounts = [account('A'), account('B', 'A'), account('C', 'B')];
    const fields = await fieldErrors(oboInput('A', 'C'), accounts, 'A');
    expect(fields?.assertionFrom).toBe(`This would make a loop: A → C → B → A. ${LOOP_ADVICE}`);
  });

  it('names the accounts by the names people gave them, the edited one by its new name', () => {
    const accounts = [account('a1'), account('b2', 'a1')].map((a, i) => ({
      ...a,
      name: ['Payroll front end', 'Payroll middle tier'][i]!,
    }));
    const problem = assertionChainProblem(
      { id: 'a1', name: ' Front end (renamed) ' },
      { accountId: 'b2' },
      accounts,
    );
    expect(problem).toEqual({
      kind: 'cycle',
      names: ['Front end (renamed)', 'Payroll middle tier', 'Front end (renamed)'],
      message: `This would make a loop: Front end (renamed) → Payroll middle tier → Front end (renamed). ${LOOP_ADVICE}`,
    });
  });

  it('accepts a valid chain of three accounts, new or edited', async () => {
    const accounts = [account('A'), account('B', 'A')];
    expect(await fieldErrors(oboInput('C', 'B'), accounts)).toBeUndefined();
    const withC = [...accounts, account('C', 'A')];
    expect(await fieldErrors(oboInput('C', 'B'), withC, 'C')).toBeUndefined();
    // An account that was on-behalf-of keeps no chain once it signs in on its own.
    const stale = [
      { ...account('A', 'B'), flow: 'authorization_code' as const },
      account('B', 'A'),
    ];
    expect(
      assertionChainProblem({ id: 'C', name: 'C' }, { accountId: 'B' }, stale),
    ).toBeUndefined();
  });

  it('judges the edited account by its new source, not its stored one', async () => {
    // Stored: B takes A's token and A takes B's (an old loop). Editing A to take C's breaks it.
    const accounts = [account('A', 'B'), account('B', 'A'), account('C')];
    expect(await fieldErrors(oboInput('A', 'C'), accounts, 'A')).toBeUndefined();
  });

  it('refuses joining a loop that does not include the account itself', async () => {
    const accounts = [account('B', 'C'), account('C', 'B')];
    const problem = assertionChainProblem(
      { id: undefined, name: 'New' },
      { accountId: 'B' },
      accounts,
    );
    expect(problem?.kind).toBe('cycle');
    expect(problem?.names).toEqual(['New', 'B', 'C', 'B']);
  });
});

describe(`on-behalf-of chains: at most ${MAX_ASSERTION_HOPS} hops`, () => {
  /** Accounts H0 ← H1 ← … ← H(n-1): each Hi (i > 0) takes its token from H(i-1). */
  function line(n: number): AccountRecord[] {
    return Array.from({ length: n }, (_, i) => account(`H${i}`, i ? `H${i - 1}` : undefined));
  }

  it(`accepts ${MAX_ASSERTION_HOPS} hops and refuses ${MAX_ASSERTION_HOPS + 1}`, async () => {
    const accounts = line(MAX_ASSERTION_HOPS); // H0 … H7: a new account from H7 is 8 hops from H0
    expect(
      await fieldErrors(oboInput('New', `H${MAX_ASSERTION_HOPS - 1}`), accounts),
    ).toBeUndefined();
    const longer = line(MAX_ASSERTION_HOPS + 1);
    const fields = await fieldErrors(oboInput('New', `H${MAX_ASSERTION_HOPS}`), longer);
    expect(fields?.assertionFrom).toBe(
      'This would make a chain of 9 on-behalf-of hops: New → H8 → H7 → H6 → H5 → H4 → H3 → H2 → H1 → H0. ' +
        'Sign-in follows at most 8: take the token from an account nearer the start of the chain.',
    );
  });

  it('refuses an edit in the middle that makes the chains leading to it too long', () => {
    // X0 ← X1 ← … ← X5 (5 hops), and H0 ← … ← H4. Editing X0 to take H4's token: X5 → … → H0 is 10.
    const xs = Array.from({ length: 6 }, (_, i) => account(`X${i}`, i ? `X${i - 1}` : undefined));
    const problem = assertionChainProblem({ id: 'X0', name: 'X0' }, { accountId: 'H4' }, [
      ...xs,
      ...line(5),
    ]);
    expect(problem?.kind).toBe('too-deep');
    expect(problem?.names).toEqual([
      'X5',
      'X4',
      'X3',
      'X2',
      'X1',
      'X0',
      'H4',
      'H3',
      'H2',
      'H1',
      'H0',
    ]);
  });
});
