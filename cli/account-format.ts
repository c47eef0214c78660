import type { EndpointAccount } from '../app/contract/endpoint';

/** `tokendock list`: one account a line, columns aligned. */
export function formatList(accounts: readonly EndpointAccount[]): string {
  if (accounts.length === 0) return '';
  return table(
    accounts.map((a) => [a.name, a.id, a.state, a.userId ?? a.authorityLabel]),
    ['NAME', 'ID', 'STATE', 'USER'],
  );
}

/** `tokendock status`: each account, then its targets with their state and expiry. */
export function formatStatus(accounts: readonly EndpointAccount[], now = Date.now()): string {
  if (accounts.length === 0) return 'No accounts yet.\n';
  const rows: string[][] = [];
  for (const a of accounts) {
    const due = a.signInNeededBy
      ? ` · sign-in needed by ${new Date(a.signInNeededBy.at).toISOString()} (${relative(a.signInNeededBy.at - now)}; ${a.signInNeededBy.reason === 'provider' ? 'the provider ends the refresh token' : '90 days without use'})`
      : '';
    rows.push([a.name, a.state, `${a.userId ?? a.authorityLabel}${due}`]);
    for (const t of a.targets) {
      const expiry =
        t.expiresOn === undefined
          ? 'no token'
          : `${t.expiresOn > now ? 'expires' : 'expired'} ${new Date(t.expiresOn).toISOString()} (${relative(t.expiresOn - now)})`;
      const problem = t.lastError ? ` · ${t.lastError.code}` : '';
      rows.push([`  ${t.label}`, t.state, `${expiry}${problem}`]);
    }
  }
  return table(rows, ['ACCOUNT / TARGET', 'STATE', 'DETAIL']);
}

function relative(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span =
    minutes < 1
      ? 'under a minute'
      : minutes < 120
        ? `${minutes} min`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} h`
          : `${Math.round(minutes / (24 * 60))} days`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

function table(rows: readonly string[][], header: readonly string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
