import { Emitter } from './events';
import { FakeWebContents } from './web-contents';

export { FakeWebContents } from './web-contents';

/** `BrowserWindow` (docs/api/browser-window.md). */
export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  async loadURL(url: string) {
    this.webContents.loaded.push(url);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
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
