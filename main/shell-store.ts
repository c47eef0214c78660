import Store from 'electron-store';
import type { SavedWindowState } from '../app/host/window-bounds';

/** What the desktop shell keeps for itself, apart from the engine's vault: window and network. */
export interface ShellState {
  window?: SavedWindowState;
  /** A proxy override (see `app/host/proxy-config.ts`); empty: the system's proxy settings. */
  proxy?: string;
}

/** The shell's settings file, `shell.json` in the app's data folder (electron-store). */
export interface ShellStore {
  windowState(): unknown;
  saveWindowState(state: SavedWindowState): void;
  proxyOverride(): string | undefined;
}

/** Opens `shell.json`; a damaged file is replaced by defaults (it holds nothing that matters). */
export function openShellStore(directory: string): ShellStore {
  const store = new Store<ShellState>({
    name: 'shell',
    cwd: directory,
    clearInvalidConfig: true,
    accessPropertiesByDotNotation: false,
  });
  return {
    windowState: () => store.get('window'),
    saveWindowState: (state) => store.set('window', state),
    proxyOverride: () => {
      const value = store.get('proxy');
      return typeof value === 'string' ? value : undefined;
    },
  };
}
