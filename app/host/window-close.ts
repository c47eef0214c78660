/**
 * What closing the main window does: hide it to the tray when the setting says so and a tray is
 * there to bring it back; close it when the app is quitting, the setting is off, or there is no
 * tray (else the app would be unreachable).
 */
export function closeAction(input: {
  quitting: boolean;
  closeToTray: boolean;
  trayAvailable: boolean;
}): 'hide' | 'close' {
  if (input.quitting) return 'close';
  return input.closeToTray && input.trayAvailable ? 'hide' : 'close';
}
