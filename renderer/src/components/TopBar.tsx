import type { Navigate, View } from '../navigation';

const SECTIONS: Array<{ kind: 'accounts' | 'decoder' | 'activity' | 'settings'; label: string }> = [
  { kind: 'accounts', label: 'Accounts' },
  { kind: 'decoder', label: 'Decoder' },
  { kind: 'activity', label: 'Activity' },
  { kind: 'settings', label: 'Settings' },
];

/** The app's name and its sections. */
export function TopBar({ view, navigate }: { view: View; navigate: Navigate }) {
  const current = view.kind === 'add' || view.kind === 'edit' ? 'accounts' : view.kind;
  return (
    <header className="top-bar">
      <h1 className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚓
        </span>
        TokenDock
      </h1>
      <nav aria-label="Sections">
        <ul className="sections">
          {SECTIONS.map((section) => (
            <li key={section.kind}>
              <button
                type="button"
                className="section-link"
                aria-current={current === section.kind ? 'page' : undefined}
                onClick={() => navigate({ kind: section.kind })}
              >
                {section.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
