import { claimTime, localDateTime, relativeTime, TIME_CLAIMS } from '../format/time';

/** Claims a developer looks for first. */
const HIGHLIGHTED = new Set(['aud', 'scp', 'roles', 'exp', 'tid']);

interface ClaimTableProps {
  title: string;
  values: Record<string, unknown>;
  now: number;
}

/** A JWT header or claim set as a table; times as local date plus "in 4 min" / "3 min ago". */
export function ClaimTable({ title, values, now }: ClaimTableProps) {
  return (
    <table className="claims">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => (
          <tr key={name} className={HIGHLIGHTED.has(name) ? 'highlight' : undefined}>
            <th scope="row">{name}</th>
            <td>{formatValue(name, value, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatValue(name: string, value: unknown, now: number): string {
  const time = TIME_CLAIMS.has(name) ? claimTime(value) : undefined;
  if (time !== undefined) return `${localDateTime(time)} (${relativeTime(time, now)})`;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
