import { Emitter } from './events';

/** Every tray made, in order. */
export const trays: FakeTray[] = [];

/** `Tray` (docs/api/tray.md). */
export class FakeTray extends Emitter {
  menu: unknown;
  tooltip = '';
  image: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
    trays.push(this);
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  isDestroyed() {
    return false;
  }
  destroy() {}
}
