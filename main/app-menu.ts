import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: on macOS the app menu (About, Hide, Quit) as people expect; everywhere an
 * Edit menu (so copy and paste work in text fields) and a Window menu with "Open TokenDock".
 * Quit is always there. Pure: only types come from Electron.
 */
export function appMenuTemplate(input: {
  platform: string;
  /** Developer tools in the View menu, for unpackaged runs only. */
  devTools: boolean;
  open: () => void;
  quit: () => void;
}): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    label: 'Quit TokenDock',
    accelerator: 'CmdOrCtrl+Q',
    click: input.quit,
  };
  const menus: MenuItemConstructorOptions[] = [];
  if (input.platform === 'darwin') {
    menus.push({
      label: 'TokenDock',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        quit,
      ],
    });
  } else {
    menus.push({ label: 'File', submenu: [{ role: 'close' }, { type: 'separator' }, quit] });
  }
  menus.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (input.devTools) {
    menus.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  }
  menus.push({
    label: 'Window',
    submenu: [
      { label: 'Open TokenDock', click: input.open },
      { role: 'minimize' },
      ...(input.platform === 'darwin' ? [{ role: 'front' as const }] : []),
    ],
  });
  return menus;
}
