/** Electron-style events for the fake: listeners get an event object with `preventDefault()`. */
import { EventEmitter } from 'node:events';

export type Listener = (...args: unknown[]) => unknown;

export class Emitter extends EventEmitter {
  /** Calls the listeners of an Electron-style event and returns the event object. */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]) {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
      ...extra,
    };
    this.emit(name, event, ...args);
    return event;
  }
}
