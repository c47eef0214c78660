import type { ResponseOf } from '../../app/contract/channels';

/** What the main area shows. */
export type View =
  | { kind: 'accounts'; accountId?: string }
  /** `link`: a `tokendock://add` link the app was opened with, to fill the form from. */
  | { kind: 'add'; link?: string }
  | { kind: 'edit'; accountId: string }
  | { kind: 'decoder'; source?: { accountId: string; targetId: string } }
  | { kind: 'activity' }
  | { kind: 'sandbox' }
  | { kind: 'settings' };

export type Navigate = (view: View) => void;

/** What "Try the sandbox provider" answered: its issuer, the demo accounts and users. */
export type SandboxInfo = ResponseOf<'sandbox:try'>;
