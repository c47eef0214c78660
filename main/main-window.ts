import { BrowserWindow, shell, type Screen } from 'electron';
import { APP_ENTRY_URL, mainWindowNavigation } from '../app/host/app-origin';
import { isExternallyOpenable } from '../app/host/external-url';
import type { ShellStore } from './shell-store';
import { mainWindowOptions } from './window-options';
import { initialWindowState, trackWindowState } from './window-state';

export interface MainWindowDeps {
  preload: string;
  icon?: string;
  store: ShellStore;
  screen: Screen;
  /** Asked on every close: hide to the tray, or really close. */
  closeAction: () => 'hide' | 'close';
  /** Start without showing the window (started at login, into the tray). */
  startHidden: boolean;
}

/**
 * The main window: secure options, remembered bounds, the renderer from `app://tokendock/`,
 * navigation kept on that origin (parsed, checklist §13), new windows denied with https links
 * handed to the system browser (§14, §15), close hiding to the tray when the setting says so.
 */
export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const initial = initialWindowState(deps.store, deps.screen);
  const window = new BrowserWindow(
    mainWindowOptions({
      preload: deps.preload,
      bounds: initial.bounds,
      ...(deps.icon ? { icon: deps.icon } : {}),
    }),
  );
  trackWindowState(window, deps.store);
  const contents = window.webContents;
  contents.on('will-navigate', (event) => {
    if (mainWindowNavigation(event.url) === 'block') event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (mainWindowNavigation(event.url) === 'block') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternallyOpenable(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  window.on('close', (event) => {
    if (deps.closeAction() === 'hide') {
      event.preventDefault();
      window.hide();
    }
  });
  window.once('ready-to-show', () => {
    if (initial.maximized) window.maximize();
    if (!deps.startHidden) window.show();
  });
  void window.loadURL(APP_ENTRY_URL).catch(() => undefined);
  return window;
}

/** Shows, restores and focuses the window (tray "Open", a second launch, a notification click). */
export function revealWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
