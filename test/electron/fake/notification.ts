import { Emitter } from './events';

/** `Notification` (docs/api/notification.md). */
export class FakeNotification extends Emitter {
  static shown: unknown[] = [];
  constructor(readonly options: unknown) {
    super();
  }
  static isSupported() {
    return true;
  }
  show() {
    FakeNotification.shown.push(this.options);
  }
}
