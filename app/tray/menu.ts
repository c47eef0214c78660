import { isAppOnlyFlow } from '../contract/accounts';
import type { AccountState, AccountView, TargetView } from '../contract/accounts';
import { canCopy, signInOffer, targetStatus, usableUntil } from '../contract/target-status';
import type { CopyFormat } from '../contract/tokens';
import { menuText, timeLeft } from './menu-text';
import type { FrequentTarget } from './usage';

/**
 * The tray menu as plain data, built from the engine's account views: what each item says,
 * whether it is enabled and which action it runs. Labels carry names, states and times only;
 * views hold no token, so no token value can reach a menu or the tooltip.
 */

export type TrayAction =
  | { type: 'copy'; accountId: string; targetId: string; format: CopyFormat }
  | { type: 'refresh'; accountId: string; targetId: string }
  | { type: 'refresh-all' }
  | { type: 'open'; accountId?: string }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] }
  | { kind: 'separator' };

export interface TrayModel {
  items: TrayMenuItem[];
  /** Names the soonest expiry, e.g. "TokenDock — Graph expires in 4 min". */
  tooltip: string;
  /** An account needs the person (sign in again, or an error): the icon shows it. */
  needsAttention: boolean;
}

export interface TrayMenuOptions {
  /** Accounts listed before "and N more…"; default 20. */
  maxAccounts?: number;
  /** Longest account or target name shown; default 40 characters. */
  maxNameLength?: number;
  /**
   * The targets copied most (`mostCopied` of `./usage.ts`), most first: each that can be copied
   * now gets a "Copy <account> token" item at the top of the menu.
   */
  frequent?: readonly FrequentTarget[];
}

/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

const STATE_WORDS: Record<AccountState, string> = {
  'signed-out': 'signed out',
  'signing-in': 'signing in…',
  valid: 'valid',
  expiring: 'expiring',
  refreshing: 'refreshing…',
  retrying: 'retrying',
  offline: 'offline, retrying',
  'needs-sign-in': 'sign in again',
  error: 'error',
  'storage-locked': 'storage locked',
};

const ATTENTION: ReadonlySet<AccountState> = new Set(['needs-sign-in', 'error', 'storage-locked']);
const NO_REFRESH: ReadonlySet<AccountState> = new Set([
  'signed-out',
  'signing-in',
  'refreshing',
  'needs-sign-in',
  'storage-locked',
]);

/** Builds the tray menu, tooltip and attention flag for `accounts` at time `now` (epoch ms). */
export function buildTrayMenu(
  accounts: readonly AccountView[],
  now: number,
  options: TrayMenuOptions = {},
): TrayModel {
  const maxAccounts = Math.max(1, options.maxAccounts ?? 20);
  const maxName = Math.max(4, options.maxNameLength ?? 40);
  const items: TrayMenuItem[] = frequentItems(accounts, options.frequent ?? [], now, maxName);
  if (items.length > 0) items.push({ kind: 'separator' });
  if (accounts.length === 0) items.push({ kind: 'item', label: 'No accounts yet', enabled: false });
  for (const account of accounts.slice(0, maxAccounts))
    items.push(accountSubmenu(account, now, maxName));
  const hidden = accounts.length - maxAccounts;
  if (hidden > 0) {
    items.push({
      kind: 'item',
      label: `and ${hidden} more… (open TokenDock)`,
      enabled: true,
      action: { type: 'open' },
    });
  }
  const anyToken = accounts.some((a) => a.targets.some((t) => t.expiresOn !== undefined));
  items.push(
    { kind: 'separator' },
    { kind: 'item', label: 'Refresh all', enabled: anyToken, action: { type: 'refresh-all' } },
    { kind: 'item', label: 'Open TokenDock', enabled: true, action: { type: 'open' } },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit TokenDock', enabled: true, action: { type: 'quit' } },
  );
  const attention = accounts.filter((a) => ATTENTION.has(a.state)).length;
  return {
    items,
    tooltip: tooltipText(accounts, now, maxName, attention),
    needsAttention: attention > 0,
  };
}

function accountSubmenu(account: AccountView, now: number, maxName: number): TrayMenuItem {
  const soonest = soonestExpiry(account.targets);
  const when =
    soonest === undefined || ATTENTION.has(account.state) || account.state === 'signing-in'
      ? ''
      : ` · ${expiryWords(soonest, now)}`;
  const items: TrayMenuItem[] = [];
  const several = account.targets.length > 1;
  account.targets.forEach((target, index) => {
    if (index > 0) items.push({ kind: 'separator' });
    const name = menuText(target.label, maxName);
    // A refused or failed token's time is not shown: it is not offered.
    const until = usableUntil(targetStatus(target, now)) ?? expiredAt(target, now);
    const expiry = until === undefined ? '' : `, ${expiryWords(until, now)}`;
    items.push(
      { kind: 'item', label: `${name}: ${STATE_WORDS[target.state]}${expiry}`, enabled: false },
      {
        kind: 'item',
        label: several ? `Copy token: ${name}` : 'Copy token',
        enabled: canCopy(account, target, now),
        action: { type: 'copy', accountId: account.id, targetId: target.id, format: 'raw' },
      },
      {
        kind: 'item',
        label: several ? `Refresh now: ${name}` : 'Refresh now',
        enabled: canRefresh(account, target),
        action: { type: 'refresh', accountId: account.id, targetId: target.id },
      },
    );
  });
  const offer = signInOffer(account);
  const open =
    offer.kind !== 'none' && offer.primary
      ? 'Sign in… (open TokenDock)'
      : ATTENTION.has(account.state)
        ? 'See what went wrong… (open TokenDock)'
        : undefined;
  if (open)
    items.push(
      { kind: 'separator' },
      { kind: 'item', label: open, enabled: true, action: { type: 'open', accountId: account.id } },
    );
  return {
    kind: 'submenu',
    label: `${menuText(account.name, maxName)} — ${STATE_WORDS[account.state]}${when}`,
    items,
  };
}

/**
 * "Copy Contoso token" (or "Copy Contoso · Graph token" for an account with several targets) for
 * each frequent target that can be copied now, in the order given; a token the provider refused
 * is never offered.
 */
function frequentItems(
  accounts: readonly AccountView[],
  frequent: readonly FrequentTarget[],
  now: number,
  maxName: number,
): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  for (const { accountId, targetId } of frequent) {
    const account = accounts.find((a) => a.id === accountId);
    const target = account?.targets.find((t) => t.id === targetId);
    if (!account || !target || !canCopy(account, target, now)) continue;
    const name =
      account.targets.length > 1
        ? `${menuText(account.name, maxName)} · ${menuText(target.label, maxName)}`
        : menuText(account.name, maxName);
    items.push({
      kind: 'item',
      label: `Copy ${name} token`,
      enabled: true,
      action: { type: 'copy', accountId, targetId, format: 'raw' },
    });
  }
  return items;
}

/** App-only flows acquire again without a person; others need a token (and its refresh token). */
function canRefresh(account: AccountView, target: TargetView): boolean {
  if (NO_REFRESH.has(target.state)) return false;
  return isAppOnlyFlow(account.flow) || target.expiresOn !== undefined;
}

/** A valid token's expiry once it has passed ("expired"), so the label still says it. */
function expiredAt(target: TargetView, now: number): number | undefined {
  const status = targetStatus(target, now);
  return status.kind === 'valid' ? status.expiresOn : undefined;
}

function soonestExpiry(targets: readonly TargetView[]): number | undefined {
  const times = targets.map((t) => t.expiresOn).filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

function expiryWords(expiresOn: number, now: number): string {
  return expiresOn <= now ? 'expired' : `expires in ${timeLeft(expiresOn, now)}`;
}

function tooltipText(
  accounts: readonly AccountView[],
  now: number,
  maxName: number,
  attention: number,
): string {
  let soonest: { name: string; expiresOn: number } | undefined;
  for (const account of accounts) {
    if (ATTENTION.has(account.state)) continue;
    for (const target of account.targets) {
      if (target.expiresOn === undefined) continue;
      if (soonest && soonest.expiresOn <= target.expiresOn) continue;
      const name =
        account.targets.length > 1
          ? `${menuText(account.name, maxName)} · ${menuText(target.label, maxName)}`
          : menuText(account.name, maxName);
      soonest = { name, expiresOn: target.expiresOn };
    }
  }
  const parts = ['TokenDock'];
  if (soonest)
    parts.push(
      soonest.expiresOn <= now
        ? `${soonest.name} expired`
        : `${soonest.name} expires in ${timeLeft(soonest.expiresOn, now)}`,
    );
  else if (accounts.length === 0) parts.push('no accounts');
  const tail = attention ? ` (${attention} need${attention === 1 ? 's' : ''} attention)` : '';
  return menuText(parts.join(' — ') + tail, MAX_TOOLTIP);
}
