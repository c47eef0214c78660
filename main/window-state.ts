import type { BrowserWindow, Screen } from 'electron';
import { debounce } from '../app/host/debounce';
import { restoreWindowState } from '../app/host/window-bounds';
import type { ShellStore } from './shell-store';
import { MAIN_WINDOW_SIZE } from './window-options';

/** Where the main window opens this time: the remembered bounds when they still fit a display. */
export function initialWindowState(store: ShellStore, screen: Screen) {
  return restoreWindowState(
    store.windowState(),
    screen.getAllDisplays().map((display) => display.workArea),
    MAIN_WINDOW_SIZE,
  );
}

/**
 * Remembers the window's size, position and maximised state as it changes (debounced) and on close.
 * A window never shown (a start into the tray, then quit) changed nothing: its remembered state,
 * maximised included, stays as it was.
 */
export function trackWindowState(window: BrowserWindow, store: ShellStore): void {
  let shown = window.isVisible();
  window.once('show', () => {
    shown = true;
  });
  const save = () => {
    if (!shown || window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const bounds = window.isMaximized() ? window.getNormalBounds() : window.getBounds();
    store.saveWindowState({ ...bounds, maximized: window.isMaximized() });
  };
  const later = debounce(save, 500);
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', () => {
    later.cancel();
    save();
  });
}
