/** What closing the main window does. */
export type CloseAction = 'hide' | 'minimize' | 'close';

/**
 * What closing the main window does: hide it to the tray when the setting says so and a tray the
 * person can see is there to bring it back; minimise it when the setting says "keep running" but
 * there is no such tray (hiding would leave no way back: stock GNOME shows no tray icons); close
 * it when the app is quitting or the setting is off.
 */
export function closeAction(input: {
  quitting: boolean;
  closeToTray: boolean;
  trayAvailable: boolean;
}): CloseAction {
  if (input.quitting || !input.closeToTray) return 'close';
  return input.trayAvailable ? 'hide' : 'minimize';
}

/** How the main window opens. */
export type WindowStart = 'show' | 'hidden' | 'minimized';

/**
 * How the main window opens: a start at login goes to the tray, or, where there is no tray to
 * come back from, to the taskbar minimised; any other start shows it.
 */
export function windowStart(input: { atLogin: boolean; trayAvailable: boolean }): WindowStart {
  if (!input.atLogin) return 'show';
  return input.trayAvailable ? 'hidden' : 'minimized';
}
