import { Emitter, type Listener } from './events';

/** `webContents` (docs/api/web-contents.md). */
let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  windowOpenHandler: Listener | undefined;
  readonly sent: Array<[string, unknown]> = [];
  loaded: string[] = [];
  destroyed = false;
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}
