import { describeClaim, wellKnownNames } from '../../../app/contract/jwt-claims';
import { claimTime, localDateTime, relativeTime, TIME_CLAIMS } from '../format/time';

/** Claims a developer looks for first. */
const HIGHLIGHTED = new Set(['aud', 'scp', 'roles', 'exp', 'tid']);

interface ClaimTableProps {
  title: string;
  values: Record<string, unknown>;
  now: number;
  /** Whose names to explain: a JOSE header's parameters or a claim set's claims. */
  where?: 'header' | 'claims';
  /** Shows a "Copy <name>" button per row when given. */
  onCopy?: (name: string, value: unknown) => void;
}

/**
 * A JWT header or claim set as a table; times as local date plus "in 4 min" / "3 min ago", each
 * known claim explained in plain words, well-known Microsoft resources and apps named.
 */
export function ClaimTable({ title, values, now, where = 'claims', onCopy }: ClaimTableProps) {
  return (
    <table className="claims">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
          <th scope="col" className="claim-meaning-col">
            Meaning
          </th>
          {onCopy && (
            <th scope="col" className="claim-copy-col">
              <span className="visually-hidden">Copy</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => {
          const known = wellKnownNames(name, value);
          return (
            <tr key={name} className={HIGHLIGHTED.has(name) ? 'highlight' : undefined}>
              <th scope="row">{name}</th>
              <td>
                {formatValue(name, value, now)}
                {known.length > 0 && <span className="claim-known">{known.join(', ')}</span>}
              </td>
              <td className="claim-meaning">{describeClaim(name, where) ?? ''}</td>
              {onCopy && (
                <td className="claim-copy">
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Copy ${name}`}
                    onClick={() => onCopy(name, value)}
                  >
                    Copy
                  </button>
                </td>
              )}
            </tr>
          );
        })}
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

/** What "Copy" puts on the clipboard: a string as it is, anything else as JSON. */
export function claimCopyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
