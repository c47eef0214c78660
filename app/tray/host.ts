import type { TrayStatus } from '../contract/channels';

/**
 * Whether a tray icon can be seen here. On Linux, Electron's tray is a StatusNotifierItem, shown
 * only by a desktop that runs a StatusNotifierItem host (the `org.kde.StatusNotifierWatcher` name
 * on the session bus); without one Electron falls back to a `GtkStatusIcon`, which GNOME Shell
 * does not show (electron docs/api/tray.md, "Platform Considerations", Linux;
 * shell/browser/ui/tray_icon_linux.cc). Stock GNOME runs no host, so the icon silently does not
 * exist there, and hiding the window "to the tray" would leave no way back. macOS and Windows
 * always have a tray.
 */

/** The bus name a StatusNotifierItem host owns. */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** What asking the session bus `NameHasOwner(org.kde.StatusNotifierWatcher)` gave. */
export type BusAnswer =
  | { kind: 'answer'; hasOwner: boolean }
  /** The bus could not be asked (no session bus, no `dbus-send`, no answer in time). */
  | { kind: 'error'; message: string };

const INSTEAD = 'Closing the window minimises TokenDock instead of hiding it.';

/**
 * The tray's status from the platform and, on Linux, the bus's answer. When the bus cannot be
 * asked, there is no tray to count on: minimising costs a taskbar entry, hiding without a tray
 * costs the app.
 */
export function trayStatus(platform: string, answer?: BusAnswer): TrayStatus {
  if (platform !== 'linux') return { available: true };
  if (answer?.kind === 'answer' && answer.hasOwner) return { available: true };
  if (answer?.kind === 'answer')
    return {
      available: false,
      reason:
        'No tray icon: this desktop shows no StatusNotifierItem icons (stock GNOME needs an ' +
        `extension such as "AppIndicator and KStatusNotifierItem Support"). ${INSTEAD}`,
    };
  const why = answer?.message ?? 'not asked';
  return {
    available: false,
    reason: `No tray icon known: the session bus could not be asked for a tray host (${why}). ${INSTEAD}`,
  };
}

/**
 * Reads `dbus-send --print-reply`'s answer to `NameHasOwner` (`   boolean true`); `undefined`
 * when the output holds no boolean.
 */
export function parseNameHasOwnerReply(stdout: string): boolean | undefined {
  const match = /^\s*boolean\s+(true|false)\s*$/m.exec(stdout);
  return match ? match[1] === 'true' : undefined;
}
