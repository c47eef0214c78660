/**
 * The program a probe child runs (`node -e`, CommonJS, no TypeScript: it must run wherever the
 * host's Node runs, bundled or not). Arguments: the resolved path of `@napi-rs/keyring`, the
 * service, the account.
 *
 * It reads the vault key from the keyring, creating it only when the keyring answers that there
 * is none (`getPassword()` is `null` only for "no entry"; a locked or inaccessible store throws).
 * On Linux the entry is pinned to the Secret Service: by default the library falls back to the
 * kernel keyring (keyutils), which forgets everything at reboot and would orphan every sealed
 * secret.
 *
 * It prints JSON lines on stdout: `{"stage":"loaded"}` once the module is loaded,
 * `{"stage":"connected"}` once the store answered (on Linux: the
 * session bus and the Secret Service), then one result: `{"result":"found","key","created"}` or
 * `{"result":"error","stage","message"}` (`load`, `connect`, `read`, `create`). The key travels
 * over the pipe to the parent only; nothing is written to disk.
 */
export const PROBE_SCRIPT = String.raw`'use strict';
const [modulePath, service, account] = process.argv.slice(1);
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const fail = (stage, error) =>
  send({ result: 'error', stage, message: String((error && error.message) || error) });
(() => {
  let keyring;
  try {
    keyring = require(modulePath);
  } catch (error) {
    return fail('load', error);
  }
  send({ stage: 'loaded' });
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  let entry;
  try {
    entry = new keyring.Entry(service, account, options);
  } catch (error) {
    return fail('connect', error);
  }
  send({ stage: 'connected' });
  let stored;
  try {
    stored = entry.getPassword();
  } catch (error) {
    return fail('read', error);
  }
  if (stored !== null) return send({ result: 'found', key: stored, created: false });
  const fresh = require('node:crypto').randomBytes(32).toString('base64');
  try {
    entry.setPassword(fresh);
  } catch (error) {
    return fail('create', error);
  }
  let kept;
  try {
    kept = entry.getPassword();
  } catch (error) {
    return fail('read', error);
  }
  if (kept === null) return fail('create', new Error('the new key was not found after it was stored'));
  // Another process may have stored its key between our read and our write: use what is kept.
  send({ result: 'found', key: kept, created: kept === fresh });
})();
`;
