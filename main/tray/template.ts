import type { MenuItemConstructorOptions } from 'electron';
import { escapeMnemonics } from '../../app/tray/menu-text';
import type { TrayAction, TrayMenuItem } from '../../app/tray/menu';

/** Turns the pure menu model into Electron's menu template; each action goes to `run`. */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: escapeMnemonics(item.label), submenu: menuTemplate(item.items, run) };
      case 'item': {
        const action = item.action;
        return {
          label: escapeMnemonics(item.label),
          enabled: item.enabled,
          ...(action ? { click: () => run(action) } : {}),
        };
      }
    }
  });
}
