import { BrowserWindow, shell, type Screen } from 'electron';
import { APP_ENTRY_URL, mainWindowNavigation } from '../app/host/app-origin';
import { isExternallyOpenable } from '../app/host/external-url';
import type { CloseAction, WindowStart } from '../app/host/window-close';
import type { ShellStore } from './shell-store';
import { mainWindowOptions } from './window-options';
import { initialWindowState, trackWindowState } from './window-state';

export interface MainWindowDeps {
  preload: string;
  icon?: string;
  store: ShellStore;
  screen: Screen;
  /** Asked on every close: hide to the tray, minimise (no tray to come back from), or close. */
  closeAction: () => CloseAction;
  /**
   * How the window opens (`app/host/window-close.ts` `windowStart`): shown, hidden in the tray
   * (started at login), or minimised (started at login where there is no tray).
   */
  start: WindowStart;
}

/** Windows whose remembered maximised state waits for the window to be shown. */
const maximizeWhenShown = new WeakMap<BrowserWindow, () => void>();

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
  if (initial.maximized) rememberMaximized(window);
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
    const action = deps.closeAction();
    if (action === 'close') return;
    event.preventDefault();
    if (action === 'hide') window.hide();
    else window.minimize();
  });
  // `maximize()` also shows a hidden window, and so does `minimize()` (docs/api/browser-window.md,
  // `win.maximize()`; shell/browser/native_window_views.cc): a start into the tray maximises only
  // when the window is first shown.
  window.once('ready-to-show', () => {
    if (deps.start === 'show') {
      maximizeWhenShown.get(window)?.();
      window.show();
    } else if (deps.start === 'minimized') window.minimize();
  });
  void window.loadURL(APP_ENTRY_URL).catch(() => undefined);
  return window;
}

/** Shows, restores and focuses the window (tray "Open", a second launch, a notification click). */
export function revealWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  maximizeWhenShown.get(window)?.();
  window.show();
  window.focus();
}

/**
 * The remembered maximised state, applied once: before the first `show()` of `revealWindow` or
 * the start, or when anything else shows or restores the window first.
 */
function rememberMaximized(window: BrowserWindow): void {
  const apply = () => {
    if (!maximizeWhenShown.delete(window)) return;
    window.off('show', apply);
    window.off('restore', apply);
    if (!window.isDestroyed() && !window.isMaximized()) window.maximize();
  };
  maximizeWhenShown.set(window, apply);
  window.on('show', apply);
  window.on('restore', apply);
}
