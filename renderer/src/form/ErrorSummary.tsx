import { fieldId } from './fields';
import type { FieldErrors } from './model';

/** "2 fields need attention", each a link to its field. Announced when the save is refused. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  const focus = (name: string) => {
    const element =
      document.getElementById(fieldId(name)) ??
      document.querySelector<HTMLElement>(`[name="${name}"]`);
    element?.focus();
  };
  return (
    <div id="error-summary" className="error-summary" role="alert" tabIndex={-1}>
      <p>
        <strong>
          {entries.length === 1 ? 'One field needs' : `${entries.length} fields need`} attention.
        </strong>{' '}
        Nothing was saved.
      </p>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <button type="button" className="link-button" onClick={() => focus(name)}>
              {message}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
