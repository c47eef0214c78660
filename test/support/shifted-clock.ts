import { ServerResponse } from 'node:http';

/**
 * Shifts this process's clock by `shiftMs` (changeable later through the returned function):
 * `Date.now()`, `new Date()` and `Date()` read the shifted time, and every `node:http` response
 * carries it in its `Date` header, which Node would otherwise stamp from its own unshifted copy
 * of `Date`. For a child process playing a provider whose clock is off; never in a test worker.
 */
export function installShiftedClock(shiftMs: number): (shiftMs: number) => void {
  const RealDate = Date;
  let shift = shiftMs;
  const now = () => RealDate.now() + shift;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length ? args : [now()], newTarget) as object,
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) =>
      property === 'now' ? now : (Reflect.get(target, property, receiver) as unknown),
  });
  const writeHead = ServerResponse.prototype.writeHead;
  ServerResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (this.sendDate && !this.headersSent && !this.hasHeader('date'))
      this.setHeader('date', new RealDate(now()).toUTCString());
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof writeHead;
  return (next) => {
    shift = next;
  };
}
