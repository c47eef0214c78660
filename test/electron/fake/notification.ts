import { Emitter } from './events';

/** `Notification` (docs/api/notification.md). */
export class FakeNotification extends Emitter {
  /** The options of every notification shown, in order. */
  static shown: unknown[] = [];
  /** Every notification made, in order. */
  static readonly made: FakeNotification[] = [];
  /** `Notification.isSupported()`. */
  static supported = true;
  /**
   * When set, `show()` fails with this error: "On MacOS ... Unsigned binaries will emit a `failed`
   * event when notifications are called" (docs/api/notification.md, the note at the top, and
   * "Event: 'failed'" _macOS_ _Windows_: `event`, `error` string). Asynchronous, as the native
   * call answers later.
   */
  static failWith: string | undefined;

  constructor(readonly options: unknown) {
    super();
    FakeNotification.made.push(this);
  }
  static isSupported() {
    return FakeNotification.supported;
  }
  show() {
    const failure = FakeNotification.failWith;
    if (failure !== undefined) {
      setImmediate(() => this.fire('failed', {}, failure));
      return;
    }
    FakeNotification.shown.push(this.options);
    this.fire('show');
  }
  /** The person clicks it. */
  click() {
    this.fire('click');
  }
  /** The person dismisses it: 'close', "emitted when the notification is closed by manual intervention from the user". */
  dismiss() {
    this.fire('close', { reason: 'userCanceled' });
  }
  /** `notification.close()`: dismissed by the app; 'close' "is not guaranteed to be emitted". */
  close() {}
  /** How many listeners still hold on to it (a released notification has none). */
  attached(): number {
    return this.eventNames().reduce((sum, name) => sum + this.listenerCount(name), 0);
  }

  /** Back to a system that shows every notification (between scenarios). */
  static reset() {
    FakeNotification.shown.length = 0;
    FakeNotification.made.length = 0;
    FakeNotification.supported = true;
    FakeNotification.failWith = undefined;
  }
}
