import { Emitter } from './events';
import { FakeWebContents } from './web-contents';

export { FakeWebContents } from './web-contents';

/**
 * `BrowserWindow` (docs/api/browser-window.md). Shown, hidden, maximised and minimised as Electron
 * does it: `maximize()` and `minimize()` also show a hidden window
 * (shell/browser/native_window_views.cc, `Maximize` / `Minimize`), and 'ready-to-show' comes only
 * while the window has not been shown.
 */
export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible: boolean;
  maximized = false;
  minimized = false;
  destroyed = false;
  /** Shown at least once. */
  private everShown: boolean;
  constructor(readonly options: Record<string, unknown>) {
    super();
    // `show`: "Whether window should be shown when created. Default is true."
    this.visible = options.show !== false;
    this.everShown = this.visible;
    FakeBrowserWindow.all.push(this);
  }
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  /** `win.loadURL` is `webContents.loadURL` (docs/api/browser-window.md, `win.loadURL`). */
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  /**
   * The renderer painted its first frame: 'ready-to-show', "emitted when the renderer process has
   * rendered the page for the first time if the window has not been shown yet" (docs/api/
   * browser-window.md, "Using the ready-to-show event").
   */
  firstPaint() {
    if (!this.everShown) this.fire('ready-to-show');
  }
  /** "Shows and gives focus to the window." */
  show() {
    const was = this.visible && !this.minimized;
    this.visible = true;
    this.minimized = false;
    this.everShown = true;
    if (!was) this.fire('show');
  }
  hide() {
    if (!this.visible) return;
    this.visible = false;
    this.fire('hide');
  }
  focus() {}
  /** "Maximizes the window. This will also show (but not focus) the window if it isn't being displayed already." */
  maximize() {
    const hidden = !this.visible;
    this.visible = true;
    this.everShown = true;
    this.minimized = false;
    if (hidden) this.fire('show');
    if (!this.maximized) {
      this.maximized = true;
      this.fire('maximize');
    }
  }
  unmaximize() {
    if (!this.maximized) return;
    this.maximized = false;
    this.fire('unmaximize');
  }
  /**
   * "Minimizes the window"; a hidden window is shown minimised (`Show(kMinimized)`, no 'show'
   * event: shell/browser/native_window_views.cc, `NativeWindowViews::Minimize`).
   */
  minimize() {
    this.visible = true;
    if (this.minimized) return;
    this.minimized = true;
    this.fire('minimize');
  }
  /** "Restores the window from minimized state to its previous state." */
  restore() {
    if (!this.minimized) return;
    this.minimized = false;
    this.fire('restore');
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isFullScreen() {
    return false;
  }
  getBounds() {
    return { x: 10, y: 10, width: 1000, height: 700 };
  }
  getNormalBounds() {
    return this.getBounds();
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** The person closes the window (the 'close' event may prevent it). */
  close() {
    const event = this.fire('close');
    if (!event.defaultPrevented) this.destroy();
  }
}
