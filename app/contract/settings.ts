import { DEFAULT_GLOBAL_SHORTCUT } from './shortcut';

/** User settings. */
export interface Settings {
  /** Refresh when less than max(leadTimeMinutes, leadTimeFraction × lifetime) is left. */
  leadTimeMinutes: number;
  leadTimeFraction: number;
  /** Seconds before a copied token is cleared from the clipboard (0: never). */
  clipboardClearSeconds: number;
  /** At most this many refreshes at once. */
  refreshConcurrency: number;
  /** Keep secrets on disk even when the cipher gives no real protection. */
  persistUnprotectedSecrets: boolean;
  closeToTray: boolean;
  startAtLogin: boolean;
  theme: 'system' | 'light' | 'dark';
  /**
   * Answer the `tokendock` command on the local endpoint (a Unix socket, or a named pipe on
   * Windows, that only this user can open). Off: every request is refused with `endpoint_disabled`.
   */
  localEndpoint: boolean;
  /** The desktop app's global shortcut that opens the quick switcher from anywhere (off by default). */
  globalShortcutEnabled: boolean;
  /** Its keys, as an Electron accelerator (`checkAccelerator` in shortcut.ts). */
  globalShortcut: string;
  /**
   * Days before an account's sign-in is due (its refresh token's end, as far as it is known) that
   * a notification says so, once; 0: never.
   */
  signInWarningDays: number;
}

export const DEFAULT_SETTINGS: Settings = {
  leadTimeMinutes: 5,
  leadTimeFraction: 0.2,
  clipboardClearSeconds: 30,
  refreshConcurrency: 4,
  persistUnprotectedSecrets: false,
  closeToTray: true,
  startAtLogin: false,
  theme: 'system',
  localEndpoint: true,
  globalShortcutEnabled: false,
  globalShortcut: DEFAULT_GLOBAL_SHORTCUT,
  signInWarningDays: 2,
};

/** How secrets are protected at rest, for the UI to say plainly. */
export interface StorageProtection {
  /** The cipher gives real protection (OS keychain / DPAPI / libsecret). */
  isProtected: boolean;
  backend: string;
  /** Secrets are written to disk (always when protected; when not, only after the user opted in). */
  secretsOnDisk: boolean;
  /** Whether everything is on disk (the engine adds it; the vault alone does not know). */
  saving?: StorageState;
  /**
   * Present while saved secrets cannot be opened now: the system key store is locked, access to
   * it was denied, or it is not available yet. They are kept sealed (nothing is deleted) and the
   * engine tries again on its own (on unlock and resume, and every few minutes). `accounts`: how
   * many accounts wait for it.
   */
  locked?: { accounts: number };
}

/** Whether everything the engine holds is on disk, for the UI to warn when it is not. */
export type StorageState =
  | { kind: 'ok' }
  | {
      kind: 'cannot-save';
      /** In words for people: "The disk is full." */
      reason: string;
      /** The file system's code (`ENOSPC`, `EROFS`…), when there is one. */
      fsCode?: string;
      /** When the next attempt is made (epoch ms). */
      retryOn: number;
    };
