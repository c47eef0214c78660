import type { AccountState } from '../../../app/contract/accounts';
import { STATE_LABELS } from '../format/labels';

/** A glyph as well as a colour, so the state never depends on colour alone. */
const GLYPHS: Record<AccountState, string> = {
  'signed-out': '○',
  'signing-in': '…',
  valid: '●',
  expiring: '◔',
  refreshing: '↻',
  retrying: '↺',
  offline: '⌁',
  'needs-sign-in': '!',
  error: '✕',
  // U+1F512 with the text presentation selector: a plain padlock, not a coloured emoji.
  'storage-locked': '\u{1F512}\uFE0E',
};

export function StateBadge({ state }: { state: AccountState }) {
  return (
    <span className="badge" data-state={state}>
      <span aria-hidden="true" className="badge-glyph">
        {GLYPHS[state]}
      </span>
      {STATE_LABELS[state]}
    </span>
  );
}
