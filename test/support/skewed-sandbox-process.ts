/**
 * Child process of `startSkewedSandbox`: the sandbox provider with its clock shifted by
 * `TOKENDOCK_SANDBOX_SHIFT_MS`. Sends `{ type: 'ready', sandbox }`; takes `{ type: 'shift',
 * shiftMs }` (answered by `{ type: 'shifted' }`); closes and exits when the parent disconnects.
 */
import { installShiftedClock } from './shifted-clock';

const setShift = installShiftedClock(Number(process.env.TOKENDOCK_SANDBOX_SHIFT_MS ?? 0));
// Imported only now, with the clock already shifted.
const { startSandbox } = await import('../../app/sandbox');
const sandbox = await startSandbox(JSON.parse(process.env.TOKENDOCK_SANDBOX_OPTIONS ?? '{}'));
const { issuer, port, tenantId, users, clients, resources, jwksUri } = sandbox;
process.send!({
  type: 'ready',
  sandbox: { issuer, port, tenantId, users, clients, resources, jwksUri },
});
process.on('message', (message: { type: string; shiftMs?: number }) => {
  if (message.type !== 'shift') return;
  setShift(message.shiftMs ?? 0);
  process.send!({ type: 'shifted' });
});
process.on('disconnect', () => {
  void sandbox.close().then(() => process.exit(0));
});
