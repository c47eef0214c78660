/**
 * Start at login on Linux, where `app.setLoginItemSettings` does nothing: an XDG autostart entry
 * (https://specifications.freedesktop.org/autostart-spec/latest/) in `~/.config/autostart`.
 */
export function autostartDesktopEntry(command: { executable: string; args: string[] }): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=TokenDock',
    'Comment=Keeps your sign-ins fresh',
    `Exec=${[command.executable, ...command.args].map(quote).join(' ')}`,
    'Icon=tokendock',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The argument a login-started TokenDock gets: it starts in the tray, without its window. */
export const HIDDEN_START_ARG = '--hidden';
